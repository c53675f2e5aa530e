#!/usr/bin/env python3
# Splits the CPU samples of a JFR recording into cost buckets (signing, content scan, JSON, headers, framework...).
#   python3 bench/jfr/jfr-buckets.py recording.jfr
"""CPU samples of a JFR file by cost bucket: each sample goes to the first bucket whose pattern matches a frame,
frames walked from the leaf up. usage: buckets.py FILE.jfr"""
import re, subprocess, sys, collections
B = [
 ('ed25519 sign (BouncyCastle)', r'engineSign|bouncycastle|ReceiptSigner'),
 ('receipt/label other', r'io\.aigw\.filters\.label|io\.aigw\.gateway\.label'),
 ('content scan (lexicon+PII)', r'io\.aigw\.filters\.content|io\.aigw\.gateway\.content'),
 ('audit', r'io\.aigw\.filters\.audit|io\.aigw\.gateway\.audit|AuditWriter'),
 ('json parse (jackson read)', r'jackson\.core\.json\.(UTF8Stream|ReaderBased)|jackson\.databind\.deser|_readTree|JsonReadContext|CharsToName|ByteQuadsCanon|readTree'),
 ('json encode (jackson write)', r'JsonGenerator|jackson\.databind\.ser|writeValue|ByteArrayBuilder'),
 ('sse parse/encode', r'io\.aigw\.filters\.sse|SseWriter'),
 ('protocol translate', r'io\.aigw\.filters\.protocol|io\.aigw\.filters\.pipeline'),
 ('timeouts/scheduling', r'FluxTimeout\$Timeout(Other|Timeout)|FluxTimeout\.(addName|subscribeOrReturn)|MonoDelay|ScheduledThreadPool|DelayedWorkQueue|FutureTask|SchedulerTask|Schedulers|ParallelScheduler|\.timeout\('),
 ('headers (Spring/Netty)', r'LinkedCaseInsensitiveMap|HttpHeaders|DefaultHeaders|HeadersFilter|HttpHeaderValidation|ReadOnlyHttpHeaders|NettyHeadersAdapter|HttpUtil\.validate|writeAsciiCharSequence|HeadersUtils'),
 ('license', r'io\.aigw\.filters\.license|io\.aigw\.gateway\.license|ProductRegistry|ProductAuthentication'),
 ('resilience4j/retry', r'resilience4j|RetryWhen|RetrySpec|io\.aigw\.gateway\.upstream'),
 ('micrometer/observation', r'micrometer|Observation'),
 ('logging', r'logback|slf4j|log4j'),
 ('netty http codec', r'io\.netty\.handler\.codec'),
 ('netty io/buffers', r'io\.netty'),
 ('reactor-netty', r'reactor\.netty'),
 ('spring web/gateway', r'springframework'),
 ('reactor operators', r'reactor\.core|reactor\.util'),
 ('our other', r'io\.aigw'),
]
txt = subprocess.run(['jfr', 'print', '--stack-depth', '96', '--events', 'jdk.ExecutionSample', sys.argv[1]],
                     capture_output=True, text=True).stdout
fr_re = re.compile(r'^\s+([\w$.<>/]+)\([^)]*\)(?:\s+line:.*)?$', re.M)
c = collections.Counter(); n = 0
comp = [(name, re.compile(p)) for name, p in B]
for ev in txt.split('jdk.ExecutionSample {')[1:]:
    frames = fr_re.findall(ev); n += 1
    bucket = 'jdk/other'
    for fr in frames:
        hit = next((name for name, p in comp if p.search(fr)), None)
        if hit: bucket = hit; break
    c[bucket] += 1
print(f'{n} samples')
for k, v in c.most_common(): print(f'{100*v/n:5.1f}%  {k}')
