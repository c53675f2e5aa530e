package io.aigw.filters.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads a lexicon directory into a new immutable {@link LexiconMatcher}.
 *
 * <p>Layout: every regular file named {@code <category>.txt} holds the terms of that category;
 * {@code allow.txt} holds terms that never match (they suppress what they overlap). Other files are
 * ignored. Files are UTF-8 (a leading BOM is allowed), one term per line; {@code #} starts a comment
 * that runs to the end of the line; blank lines are skipped; surrounding whitespace is trimmed. Category
 * names match {@code [A-Za-z0-9][A-Za-z0-9._-]*} and must not start with {@code pii-} (reserved for the
 * built-in detectors).
 *
 * <p>Loading is all or nothing: a bad file throws {@link LexiconException} naming the file and line, so a
 * reload can keep the previous matcher. Stateless and thread-safe; does blocking file I/O.
 */
public final class LexiconLoader {

    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private LexiconLoader() {
    }

    /** {@link #load(Path, int)} with {@link LexiconMatcher#DEFAULT_MAX_GAP}. */
    public static LexiconMatcher load(Path dir) {
        return load(dir, LexiconMatcher.DEFAULT_MAX_GAP);
    }

    /**
     * Reads every {@code *.txt} file of {@code dir} and compiles them.
     *
     * @param maxGap gap characters allowed between two term characters (see {@link LexiconMatcher#maxGap()})
     * @throws LexiconException when the directory cannot be listed, a file cannot be read or is not valid
     *         UTF-8, a category name is invalid or reserved, or a term normalizes to nothing or is longer
     *         than {@link LexiconMatcher#MAX_TERM_LENGTH} characters
     * @throws IllegalArgumentException when {@code maxGap} is out of range
     */
    public static LexiconMatcher load(Path dir, int maxGap) {
        return load(dir, maxGap, Evasions.DEFAULTS);
    }

    /**
     * As {@link #load(Path, int)}, matching {@code evasions}.
     *
     * @throws LexiconException also when {@code evasions} names a category that has no file
     */
    public static LexiconMatcher load(Path dir, int maxGap, Evasions evasions) {
        LexiconMatcher.Builder builder = LexiconMatcher.builder().maxGap(maxGap).evasions(evasions);
        if (!Files.isDirectory(dir)) {
            throw new LexiconException(dir, 0, "not a directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.txt")) {
            for (Path file : stream) {
                if (Files.isRegularFile(file)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            throw new LexiconException(dir, 0, "cannot list: " + e.getMessage(), e);
        }
        files.sort(null);   // deterministic category order
        for (Path file : files) {
            String name = file.getFileName().toString();
            String category = name.substring(0, name.length() - ".txt".length());
            if (!CATEGORY.matcher(category).matches()) {
                throw new LexiconException(file, 0, "invalid category name '" + category + "'");
            }
            if (category.startsWith("pii-")) {
                throw new LexiconException(file, 0, "category '" + category + "' is reserved for the PII detectors");
            }
            loadFile(file, category, builder);
        }
        java.util.Set<String> categories = new java.util.HashSet<>();
        files.forEach(f -> categories.add(f.getFileName().toString().replaceFirst("\\.txt$", "")));
        for (String category : evasions.pinyinInitials()) {
            if (!categories.contains(category)) {
                throw new LexiconException(dir, 0, "pinyin-initials names category '" + category + "', which has no file");
            }
        }
        for (String category : evasions.homophones()) {
            if (!categories.contains(category)) {
                throw new LexiconException(dir, 0, "homophones names category '" + category + "', which has no file");
            }
        }
        return builder.build();
    }

    private static void loadFile(Path file, String category, LexiconMatcher.Builder builder) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LexiconException(file, 0, "cannot read: " + e.getMessage(), e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        int from = 0;
        while (from < bytes.length) {
            int to = from;
            while (to < bytes.length && bytes[to] != '\n') {
                to++;
            }
            lineNo++;
            String line;
            try {
                line = decoder.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
            } catch (CharacterCodingException e) {
                throw new LexiconException(file, lineNo, "not valid UTF-8", e);
            }
            from = to + 1;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            int hash = line.indexOf('#');
            String term = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (term.isEmpty()) {
                continue;
            }
            try {
                builder.add(category, term);
            } catch (IllegalArgumentException e) {
                throw new LexiconException(file, lineNo, e.getMessage(), e);
            }
        }
    }
}
