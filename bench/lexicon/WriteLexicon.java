/**
 * Writes the seeded synthetic lexicon of the content benchmark (io.aigw.filters.content.SyntheticLexicon:
 * 60 % Chinese terms of 2-6 common characters, 40 % Latin terms of 1-3 words, categories A1-A5, ~1 % in
 * allow.txt) into a lexicon directory, for bench/compare.sh and bench/ab.sh. Run from source on the filters
 * jar and its test jar: {@code java -cp MAIN:TESTS bench/lexicon/WriteLexicon.java DIR SEED TERMS}.
 */
public class WriteLexicon {
    public static void main(String[] args) {
        io.aigw.filters.content.SyntheticLexicon.generate(Long.parseLong(args[1]), Integer.parseInt(args[2]))
                .writeTo(java.nio.file.Path.of(args[0]));
    }
}
