package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiScannerTest {

    private static List<String> scan(String text) {
        List<String> out = new ArrayList<>();
        PiiScanner scanner = new PiiScanner((category, start, end) ->
                out.add(category + "=" + text.substring(start, end)));
        scanner.feed(text);
        scanner.finish();
        return out;
    }

    @Test
    void detectsResidentIdWithValidCheckDigit() {
        assertThat(scan("身份证11010519491231002X，谢谢")).containsExactly("pii-id-card=11010519491231002X");
        assertThat(scan("id 440524188001010014.")).containsExactly("pii-id-card=440524188001010014");
        assertThat(scan("lower x: 11010519491231002x")).containsExactly("pii-id-card=11010519491231002x");
    }

    @Test
    void rejectsResidentIdWithWrongCheckDigitOrDate() {
        assertThat(scan("身份证110105194912310021")).doesNotContain("pii-id-card=110105194912310021");
        assertThat(scan("11010519491231002Y")).isEmpty();
        assertThat(scan("11010519491231002XY")).isEmpty();
        assertThat(scan("1101051949123100212")).noneMatch(s -> s.startsWith("pii-id-card"));
    }

    @Test
    void detectsMobileNumbersWithOptionalCountryCode() {
        assertThat(scan("电话13812345678")).containsExactly("pii-phone=13812345678");
        assertThat(scan("call +8619912345678 now")).containsExactly("pii-phone=+8619912345678");
        assertThat(scan("8615012345678")).containsExactly("pii-phone=8615012345678");
        assertThat(scan("tel:+86-13812345678")).containsExactly("pii-phone=13812345678");
    }

    @Test
    void rejectsNumbersThatAreNotMobiles() {
        assertThat(scan("12812345678")).isEmpty();              // 1[3-9] required
        assertThat(scan("138123456789")).isEmpty();             // part of a longer digit run
        assertThat(scan("0138123456780")).noneMatch(s -> s.startsWith("pii-phone"));
        assertThat(scan("1381234567")).isEmpty();               // too short
    }

    @Test
    void detectsBankCardsWithValidLuhn() {
        assertThat(scan("card 4111111111111111 ok")).containsExactly("pii-bank-card=4111111111111111");
        assertThat(scan("卡号5500000000000004。")).containsExactly("pii-bank-card=5500000000000004");
        assertThat(scan("4222222222222")).containsExactly("pii-bank-card=4222222222222");
    }

    @Test
    void rejectsCardNumbersFailingLuhnOrLength() {
        assertThat(scan("4111111111111112")).isEmpty();
        assertThat(scan("411111111111")).isEmpty();                 // 12 digits
        assertThat(scan("41111111111111111111")).isEmpty();         // 20 digits
    }

    @Test
    void detectsEmailAddresses() {
        assertThat(scan("mail me: john.doe+tag@example.co.uk.")).containsExactly("pii-email=john.doe+tag@example.co.uk");
        assertThat(scan("联系zhang_san@qq.com谢谢")).containsExactly("pii-email=zhang_san@qq.com");
    }

    @Test
    void rejectsAtSignsThatAreNotEmail() {
        assertThat(scan("@home")).isEmpty();
        assertThat(scan("a@b")).isEmpty();
        assertThat(scan("user@host.c")).isEmpty();
        assertThat(scan("user@.com")).isEmpty();
        assertThat(scan("twitter @someone and a@b..com")).isEmpty();
    }

    @Test
    void detectsIpv4WithOctetsInRange() {
        assertThat(scan("server 192.168.1.10 is up")).containsExactly("pii-ipv4=192.168.1.10");
        assertThat(scan("ip:0.0.0.0。")).containsExactly("pii-ipv4=0.0.0.0");
        assertThat(scan("255.255.255.255.")).containsExactly("pii-ipv4=255.255.255.255");
    }

    @Test
    void rejectsIpv4LookAlikes() {
        assertThat(scan("256.1.1.1")).isEmpty();
        assertThat(scan("1.2.3")).isEmpty();
        assertThat(scan("version 1.2.3.4.5")).isEmpty();
        assertThat(scan("1234.1.1.1")).isEmpty();
    }

    @Test
    void reportsAbsolutePositionsWhenFedInPieces() {
        String text = "abc 13812345678 def a@b.cn";
        List<int[]> ranges = new ArrayList<>();
        PiiScanner scanner = new PiiScanner((category, start, end) -> ranges.add(new int[] {start, end}));
        for (int i = 0; i < text.length(); i++) {
            scanner.feed(text.substring(i, i + 1));
            assertThat(scanner.openStart()).isLessThanOrEqualTo(i + 1).isGreaterThanOrEqualTo(i + 1 - PiiScanner.MAX_TOKEN);
        }
        scanner.finish();
        assertThat(ranges).extracting(r -> text.substring(r[0], r[1])).containsExactly("13812345678", "a@b.cn");
    }

    @Test
    void ordinaryTextHasNoPii() {
        assertThat(scan("In 2024, 3 of 10 users paid $19.99 for version 2.1; see page 12-15. 今年是2026年11月24日。"))
                .isEmpty();
    }

    @Test
    void detectsNumbersWrittenInFullWidthOrOtherDigitFormsAtTheirOriginalPositions() {
        assertThat(scan("电话１３８００１３８０００，谢谢")).containsExactly("pii-phone=１３８００１３８０００");
        assertThat(scan("号码＋８６１３８１２３４５６７８")).containsExactly("pii-phone=＋８６１３８１２３４５６７８");
        assertThat(scan("身份证１１０１０５１９４９１２３１００２Ｘ")).containsExactly("pii-id-card=１１０１０５１９４９１２３１００２Ｘ");
        assertThat(scan("卡４１１１１１１１１１１１１１１１")).containsExactly("pii-bank-card=４１１１１１１１１１１１１１１１");
        assertThat(scan("ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ")).containsExactly("pii-email=ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ");
        assertThat(scan("mixed 138００1３8000 ok")).containsExactly("pii-phone=138００1３8000");
        assertThat(scan("\u0661\u0663\u0668\u0660\u0660\u0661\u0663\u0668\u0660\u0660\u0660"))
                .containsExactly("pii-phone=\u0661\u0663\u0668\u0660\u0660\u0661\u0663\u0668\u0660\u0660\u0660");
    }

    @Test
    void mapsSurrogatePairDigitsBackToBothCharsWhateverTheSplit() {
        String bold = "\uD835\uDFCF\uD835\uDFD1\uD835\uDFD6" + "00138000";   // 𝟏𝟑𝟖 then ASCII
        assertThat(scan("tel " + bold + " end")).containsExactly("pii-phone=" + bold);
        List<int[]> ranges = new ArrayList<>();
        PiiScanner scanner = new PiiScanner((category, start, end) -> ranges.add(new int[] {start, end}));
        String text = "tel " + bold;
        for (int i = 0; i < text.length(); i++) {
            scanner.feed(text.substring(i, i + 1));   // splits every surrogate pair
            assertThat(scanner.openStart()).isLessThanOrEqualTo(i + 1);
        }
        scanner.finish();
        assertThat(ranges).extracting(r -> text.substring(r[0], r[1])).containsExactly(bold);
    }

    @Test
    void fullWidthLookAlikesStillFailTheirChecksums() {
        assertThat(scan("１２８１２３４５６７８")).isEmpty();                  // 1[3-9] required
        assertThat(scan("４１１１１１１１１１１１１１１２")).isEmpty();          // Luhn fails
        assertThat(scan("１１０１０５１９４９１２３１００２Ｙ")).isEmpty();      // no valid check character
    }
}
