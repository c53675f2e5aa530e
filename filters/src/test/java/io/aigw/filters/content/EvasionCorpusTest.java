package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evasion corpus ({@code content/evasion/evasions.tsv}: hand-written spellings of the made-up terms of
 * {@code content/evasion/lexicon/}) caught per class, and generated clean look-alike corpora with at most
 * 1% false positives per class, with every default evasion on and with homophones and initials on for a
 * category. The rates are printed (the README quotes them).
 */
class EvasionCorpusTest {

    private static final String POLITICS = "test-politics";
    private static Path lexiconDir;
    private static ContentPolicy defaults;
    private static ContentPolicy withHomophonesAndInitials;
    private static Map<String, List<String>> evasions;
    /** Exact spellings only, no decoding: a generated "clean" line it flags holds a term and is not clean. */
    private static ContentPolicy exact;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        lexiconDir = Path.of(EvasionCorpusTest.class.getResource("/content/evasion/lexicon").toURI());
        defaults = policy(Evasions.DEFAULTS);
        exact = ContentPolicy.builder().lexicon(LexiconLoader.load(lexiconDir, LexiconMatcher.DEFAULT_MAX_GAP, Evasions.NONE)).piiDetection(false).build();
        withHomophonesAndInitials = policy(Evasions.DEFAULTS.withHomophones(Set.of(POLITICS)).withPinyinInitials(Set.of(POLITICS)));
        evasions = new LinkedHashMap<>();
        try (InputStream in = EvasionCorpusTest.class.getResourceAsStream("/content/evasion/evasions.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                evasions.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
            }
        }
    }

    private static ContentPolicy policy(Evasions evasions) {
        return ContentPolicy.builder().lexicon(LexiconLoader.load(lexiconDir, LexiconMatcher.DEFAULT_MAX_GAP, evasions))
                .piiDetection(false).defaultAction(Action.BLOCK).build();
    }

    private static double caught(ContentPolicy policy, List<String> texts, List<String> missed) {
        int hits = 0;
        for (String text : texts) {
            if (policy.scanPrompt(text).outcome() == Outcome.BLOCK) {
                hits++;
            } else {
                missed.add(text);
            }
        }
        return (double) hits / texts.size();
    }

    @Test
    void catchesEveryEvasionOfTheDefaultClasses() {
        List<String> defaultClasses = List.of("pinyin-full", "pinyin-glued", "pinyin-mixed", "pinyin-tone-marks",
                "pinyin-tone-numbers", "leetspeak", "rot13", "longer-gap", "base64", "percent", "html-entities",
                "unicode-escapes");
        for (String evasionClass : defaultClasses) {
            List<String> missed = new ArrayList<>();
            double rate = caught(defaults, evasions.get(evasionClass), missed);
            System.out.printf("[evasion] %-20s caught %5.1f%% of %d (defaults)%n", evasionClass, 100 * rate, evasions.get(evasionClass).size());
            assertThat(missed).as(evasionClass).isEmpty();
        }
    }

    @Test
    void homophonesAndInitialsAreCaughtOnlyForTheCategoriesThatAskForThem() {
        for (String evasionClass : List.of("homophones", "initials")) {
            List<String> missed = new ArrayList<>();
            double rate = caught(withHomophonesAndInitials, evasions.get(evasionClass), missed);
            System.out.printf("[evasion] %-20s caught %5.1f%% of %d (on for %s)%n", evasionClass, 100 * rate,
                    evasions.get(evasionClass).size(), POLITICS);
            assertThat(missed).as(evasionClass).isEmpty();
            List<String> byDefault = new ArrayList<>();
            assertThat(caught(defaults, evasions.get(evasionClass), byDefault)).as(evasionClass + " off by default").isZero();
        }
    }

    @Test
    void repeatsAndLettersInsideAreCaughtInPrompts() {
        for (String evasionClass : List.of("repeats", "letters-inside")) {  // prompts only: see ContentPolicy.scanPrompt
            List<String> missed = new ArrayList<>();
            double rate = caught(defaults, evasions.get(evasionClass), missed);
            System.out.printf("[evasion] %-20s caught %5.1f%% of %d (defaults, prompts)%n", evasionClass, 100 * rate,
                    evasions.get(evasionClass).size());
            assertThat(missed).as(evasionClass).isEmpty();
            for (String text : evasions.get(evasionClass)) {
                if (!text.equals("龙门门马")) {   // its 龙门 prefix is not a term either way
                    assertThat(defaults.scan(text).outcome()).as("completions do not squeeze: " + text).isEqualTo(Outcome.ALLOW);
                }
            }
        }
    }

    @Test
    void allowTermsStillSuppressAndMaskingCoversTheEncodedRun() {
        assertThat(defaults.scanPrompt("推翻政府的历史研究").outcome()).isEqualTo(Outcome.ALLOW);
        String b64 = Base64.getEncoder().encodeToString("secret plan".getBytes(StandardCharsets.UTF_8));
        ContentPolicy masking = ContentPolicy.builder().lexicon(LexiconLoader.load(lexiconDir)).piiDetection(false)
                .defaultAction(Action.MASK).build();
        Verdict verdict = masking.scanPrompt("decode " + b64 + " now");
        assertThat(verdict.maskedText()).isEqualTo("decode " + "*".repeat(b64.length()) + " now");
        assertThat(masking.scanPrompt("secret pl&#97;n!").maskedText()).isEqualTo("*".repeat(15) + "!");
        assertThat(masking.scanPrompt("龙men马").maskedText()).isEqualTo("*****");
        assertThat(masking.scanPrompt("说龙龙门门马马了").maskedText()).isEqualTo("说******了");
        assertThat(masking.scanPrompt("说龙a门1马了").maskedText()).isEqualTo("说*****了");
        assertThat(masking.scanPrompt("the seeecret plan!").maskedText()).isEqualTo("the " + "*".repeat(13) + "!");
        assertThat(masking.scan("decode " + b64).matches()).as("completions are scanned without decoding").isEmpty();
    }

    // ---- clean look-alike corpora -------------------------------------------------------------------

    private static final String COMMON = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么"
            + "心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实"
            + "回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关"
            + "并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做"
            + "系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六"
            + "功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江"
            + "语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若"
            + "兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切害";
    private static final String[] WORDS = ("the of and to in is was for on that with as it by at from this be are have not "
            + "an or had but they his which there were her all we one can their when been has who more if will about "
            + "plan planning secret secretary state statement fake invoice invoices over throw thrown pass exam buy "
            + "follow followers long men man ma mama money moon men's mention dance dan fan fun shoe quantum baby lion "
            + "tui tofu zheng fund guojia daily kaolin price pilot").split(" ");
    private static final String[] TECH = {"b2b", "mp3", "4x4", "covid19", "h264", "3d", "1080p", "s3", "log4j", "web3",
            "ipv4", "2fa", "p2p", "a11y", "i18n", "k8s", "gpt4", "r2d2", "c3po", "top10", "4k", "5g", "y2k", "7zip"};

    private static String chineseLine(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int n = 8 + r.nextInt(24); n > 0; n--) {
            sb.append(COMMON.charAt(r.nextInt(COMMON.length())));
            if (r.nextInt(9) == 0) {
                sb.append(r.nextBoolean() ? "，" : " ");
            }
        }
        return sb.append('。').toString();
    }

    private static String pinyinLine(Random r) {
        StringBuilder sb = new StringBuilder();
        int style = r.nextInt(3);
        for (int n = 3 + r.nextInt(10); n > 0; n--) {
            List<String> readings = PinyinReadings.toned(COMMON.charAt(r.nextInt(COMMON.length())));
            String reading = readings.get(0);
            sb.append(style == 2 ? reading : PinyinReadings.withoutTone(reading));
            if (style != 1) {
                sb.append(' ');
            }
        }
        return sb.toString().strip();
    }

    private static String latinLine(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int n = 5 + r.nextInt(12); n > 0; n--) {
            sb.append(r.nextInt(5) == 0 ? TECH[r.nextInt(TECH.length)] : WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        return sb.toString().strip() + ".";
    }

    private static String encodedLine(Random r) {
        String clean = r.nextBoolean() ? chineseLine(r) : latinLine(r);
        while (!exact.scan(clean).matches().isEmpty()) {
            clean = latinLine(r);
        }
        return switch (r.nextInt(6)) {
            case 0 -> "data: " + Base64.getEncoder().encodeToString(clean.getBytes(StandardCharsets.UTF_8));
            case 1 -> "https://example.com/search?q=" + URLEncoder.encode(clean, StandardCharsets.UTF_8);
            case 2 -> clean.chars().mapToObj(c -> c > 127 || r.nextInt(4) == 0 ? "&#" + c + ";" : String.valueOf((char) c))
                    .reduce("", String::concat);
            case 3 -> clean.chars().mapToObj(c -> c > 127 ? String.format("\\u%04x", c) : String.valueOf((char) c))
                    .reduce("", String::concat);
            case 4 -> {
                byte[] key = new byte[24 + r.nextInt(24)];
                r.nextBytes(key);
                yield "token " + Base64.getUrlEncoder().withoutPadding().encodeToString(key) + " sha " + java.util.HexFormat.of().formatHex(key);
            }
            default -> "ciphertext: " + rot13(latinLine(r));
        };
    }

    private static String rot13(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 13) % 26) : c);
        }
        return sb.toString();
    }

    /** A term of the lexicon with one character swapped for a common one that is not a homophone. */
    private static String nearMissLine(Random r) {
        String[] terms = {"推翻政府", "龙门马", "颠覆国家政权", "暴力夺权", "发票代开", "代考包过", "刷单返利"};
        String term = terms[r.nextInt(terms.length)];
        int i = r.nextInt(term.length());
        char swap;
        do {
            swap = COMMON.charAt(r.nextInt(COMMON.length()));
        } while (Homophones.canonical(swap) == Homophones.canonical(term.charAt(i)));
        return chineseLine(r) + term.substring(0, i) + swap + term.substring(i + 1) + chineseLine(r);
    }

    private static double falsePositives(ContentPolicy policy, Function<Random, String> generator, long seed, List<String> flagged) {
        Random r = new Random(seed);
        int lines = 2000;
        for (int k = 0; k < lines; k++) {
            String line = generator.apply(r);
            while (!exact.scanPrompt(line).matches().isEmpty()) {   // holds a term as it is: not a look-alike
                line = generator.apply(r);
            }
            if (!policy.scanPrompt(line).matches().isEmpty()) {
                flagged.add(line);
            }
        }
        return (double) flagged.size() / lines;
    }

    @Test
    void cleanLookAlikesStayUnderOnePercentFalsePositivesPerClass() {
        Map<String, Function<Random, String>> classes = new LinkedHashMap<>();
        classes.put("chinese", EvasionCorpusTest::chineseLine);
        classes.put("pinyin", EvasionCorpusTest::pinyinLine);
        classes.put("latin+digits", EvasionCorpusTest::latinLine);
        classes.put("encoded", EvasionCorpusTest::encodedLine);
        classes.put("near-miss", EvasionCorpusTest::nearMissLine);
        long seed = 1717;
        for (Map.Entry<String, Function<Random, String>> c : classes.entrySet()) {
            for (Map.Entry<String, ContentPolicy> p : Map.of("defaults", defaults, "homophones+initials", withHomophonesAndInitials).entrySet()) {
                List<String> flagged = new ArrayList<>();
                double rate = falsePositives(p.getValue(), c.getValue(), seed, flagged);
                System.out.printf("[clean] %-14s %-20s false positives %5.2f%% of 2000 %s%n", c.getKey(), p.getKey(), 100 * rate,
                        flagged.stream().limit(3).toList());
                assertThat(rate).as(c.getKey() + " with " + p.getKey() + ": " + flagged).isLessThanOrEqualTo(0.01);
            }
            seed++;
        }
    }
}
