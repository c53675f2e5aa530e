package io.aigw.filters.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconLoaderTest {

    @TempDir
    Path dir;

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void loadsCategoriesFromFileNamesWithCommentsAndBlankLines() throws IOException {
        write("A1-subversion.txt", "\uFEFF# header comment\n法轮功\n\n  free tibet  # trailing comment\n");
        write("A3-commercial.txt", "发票代开\r\n");
        write("allow.txt", "法轮功学员研究\n");
        write("README.md", "not a lexicon\n");
        LexiconMatcher m = LexiconLoader.load(dir);
        assertThat(m.categories()).containsExactly("A1-subversion", "A3-commercial");
        assertThat(LexiconLoader.load(dir, LexiconMatcher.DEFAULT_MAX_GAP, Evasions.NONE).termCount()).isEqualTo(4);
        assertThat(m.termCount()).as("with the pinyin and ROT13 spellings").isGreaterThan(4);
        assertThat(MatcherProbe.find(m, "free tibet")).extracting(MatcherProbe.Hit::category)
                .containsExactly("A1-subversion");
        assertThat(MatcherProbe.find(m, "发票代开")).hasSize(1);
    }

    @Test
    void loadsTheShippedSampleLexicons() {
        LexiconMatcher m = LexiconLoader.load(Path.of("../config/lexicons"));
        assertThat(m.categories()).contains("A1-subversion", "A3-commercial");
        assertThat(m.termCount()).isGreaterThan(10);
    }

    @Test
    void namesFileAndLineOfInvalidUtf8() throws IOException {
        Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', 'x', (byte) 0xC3, '\n'});
        assertThatThrownBy(() -> LexiconLoader.load(dir))
                .isInstanceOfSatisfying(LexiconException.class, e -> {
                    assertThat(e.file()).isEqualTo(dir.resolve("bad.txt"));
                    assertThat(e.line()).isEqualTo(2);
                })
                .hasMessageContaining("bad.txt:2").hasMessageContaining("UTF-8");
    }

    @Test
    void namesFileAndLineOfATermThatNormalizesToNothing() throws IOException {
        write("x.txt", "good\n# fine\n\u200B...\n");
        assertThatThrownBy(() -> LexiconLoader.load(dir))
                .isInstanceOf(LexiconException.class).hasMessageContaining("x.txt:3");
    }

    @Test
    void namesFileAndLineOfATooLongTerm() throws IOException {
        write("x.txt", "ok\n" + "长".repeat(LexiconMatcher.MAX_TERM_LENGTH + 1) + "\n");
        assertThatThrownBy(() -> LexiconLoader.load(dir))
                .isInstanceOf(LexiconException.class).hasMessageContaining("x.txt:2")
                .hasMessageContaining("more than 32");
    }

    @Test
    void rejectsReservedAndInvalidCategoryNames() throws IOException {
        write("pii-phone.txt", "x\n");
        assertThatThrownBy(() -> LexiconLoader.load(dir))
                .isInstanceOf(LexiconException.class).hasMessageContaining("reserved");
        Files.delete(dir.resolve("pii-phone.txt"));
        write("-bad.txt", "x\n");
        assertThatThrownBy(() -> LexiconLoader.load(dir))
                .isInstanceOf(LexiconException.class).hasMessageContaining("'-bad'");
    }

    @Test
    void rejectsAMissingDirectory() {
        assertThatThrownBy(() -> LexiconLoader.load(dir.resolve("nope")))
                .isInstanceOf(LexiconException.class).hasMessageContaining("not a directory");
    }

    @Test
    void anEmptyDirectoryGivesAnEmptyMatcher() {
        LexiconMatcher m = LexiconLoader.load(dir);
        assertThat(m.termCount()).isZero();
        assertThat(MatcherProbe.find(m, "anything 任何")).isEmpty();
    }
}
