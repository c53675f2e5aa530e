#!/usr/bin/env python3
# Top CPU frames (self and inclusive) and top allocation sites of a JFR recording (issue 7, item 4).
#   python3 bench/jfr/jfr-top.py recording.jfr [N]
# Record with: jcmd <pid> JFR.start settings=bench/jfr/hot.jfc duration=25s filename=recording.jfr (under load,
# after warm-up). hot.jfc = the JDK profile settings with Java sampling every 1 ms and 5000 allocation samples/s.
"""Aggregates `jfr print --stack-depth 64 --events jdk.ExecutionSample,jdk.ObjectAllocationSample` output.
usage: jfragg.py FILE.jfr [topN]"""
import re, subprocess, sys, collections
f = sys.argv[1]; top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
txt = subprocess.run(['jfr', 'print', '--stack-depth', '64', '--events',
                      'jdk.ExecutionSample,jdk.ObjectAllocationSample', f], capture_output=True, text=True).stdout
events = re.split(r'\n(?=jdk\.(?:ExecutionSample|ObjectAllocationSample) \{)', txt)
frame_re = re.compile(r'^\s+([\w$.<>/]+)\([^)]*\)(?:\s+line:.*)?$', re.M)
cpu_self = collections.Counter(); cpu_incl = collections.Counter(); cpu_total = 0
alloc_cls = collections.Counter(); alloc_site = collections.Counter(); alloc_incl = collections.Counter(); alloc_total = 0
def site(frames):
    for fr in frames:
        if not fr.startswith(('java.', 'jdk.', 'sun.')):
            return fr
    return frames[0] if frames else '?'
for ev in events:
    frames = frame_re.findall(ev)
    if ev.startswith('jdk.ExecutionSample'):
        cpu_total += 1
        if frames: cpu_self[frames[0]] += 1
        for fr in set(frames): cpu_incl[fr] += 1
    elif ev.startswith('jdk.ObjectAllocationSample'):
        m = re.search(r'weight = ([\d.,]+) (bytes|kB|MB|GB)', ev)
        if not m: continue
        w = float(m.group(1).replace(',', '')) * {'bytes': 1, 'kB': 1024, 'MB': 1 << 20, 'GB': 1 << 30}[m.group(2)]
        c = re.search(r'objectClass = ([\w$.\[\]]+)', ev).group(1)
        alloc_total += w; alloc_cls[c] += w; alloc_site[(c, site(frames), frames[0] if frames else '?')] += w
        for fr in set(frames): alloc_incl[fr] += w
print(f'== CPU samples: {cpu_total}; top self frames')
for fr, n in cpu_self.most_common(top): print(f'{100*n/cpu_total:5.1f}%  {fr}')
print(f'== CPU inclusive (frames of io.aigw / springframework.cloud / resilience4j / reactor / netty / jackson / bouncycastle)')
pat = re.compile(r'io\.aigw|springframework\.cloud|resilience4j|reactor\.|bouncycastle|jackson|logback|slf4j|micrometer|LinkedCaseInsensitiveMap|HttpHeaders|ScheduledThreadPool|DelayedWorkQueue')
for fr, n in [x for x in cpu_incl.most_common() if pat.search(x[0])][:top*2]: print(f'{100*n/cpu_total:5.1f}%  {fr}')
print(f'== allocation total weight {alloc_total/2**20:.0f} MB; top classes')
for c, w in alloc_cls.most_common(15): print(f'{100*w/alloc_total:5.1f}%  {c}')
print('== top allocation sites (class, first non-JDK frame, top frame)')
for k, w in alloc_site.most_common(top): print(f'{100*w/alloc_total:5.1f}%  {k[0]}  @ {k[1]}  [{k[2]}]')
print('== allocation inclusive (our code and framework)')
for fr, w in [x for x in alloc_incl.most_common() if pat.search(x[0])][:top*2]: print(f'{100*w/alloc_total:5.1f}%  {fr}')
