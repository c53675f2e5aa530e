package io.aigw.filters.label;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The receipt keys kept in a directory ({@code aigw.label.signing.key-dir}, default
 * {@code data/keys}). All file I/O happens in {@link #loadOrCreate()}, {@link #rotate()} and
 * {@link #loadKeyFile}: call them at start-up or from an admin action on a worker thread, never
 * per request.
 *
 * <p>Layout:
 * <ul>
 *   <li>{@code *.pem} (PKCS#8 PEM) and {@code *.der} (PKCS#8 DER): Ed25519 private keys. The one
 *       whose file name sorts last is the active signer; the others are retired and only their
 *       public keys are published. Generated keys are named
 *       {@code ed25519-<yyyyMMdd'T'HHmmssSSS'Z'>.pem}, so the newest sorts last.</li>
 *   <li>{@code *.pub.pem} (X.509 PEM): public keys published for verification only. To destroy
 *       a retired private key but keep its receipts verifiable, replace {@code name.pem} by
 *       {@code name.pub.pem} (for example {@code openssl pkey -in name.pem -pubout}).</li>
 * </ul>
 * New private key files get permissions {@code rw-------} where the file system has POSIX
 * permissions, and appear whole (written to a temporary file, then renamed). Replicas sharing the
 * directory share the keys: the first key is created under an operating-system lock on
 * {@value #CREATE_LOCK} in the directory, so replicas starting at once on an empty shared directory
 * agree on one key instead of each making its own (which the others would not publish). A directory
 * that already holds a key is only read (it may be a read-only mount, such as a Kubernetes Secret).
 *
 * <p>Thread-safe as far as the file system is: concurrent {@link #rotate()} calls create
 * distinct files.
 */
public final class SigningKeyDirectory {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String PUBLIC_SUFFIX = ".pub.pem";
    /** The lock file serializing the creation of a first key between processes. */
    public static final String CREATE_LOCK = ".create.lock";
    /** Serializes creation between threads of one JVM (a file lock is per process). */
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final Clock clock;

    /**
     * @param dir the key directory; created on first use
     * @param clock names generated key files
     */
    public SigningKeyDirectory(Path dir, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The keys in the directory, creating the directory and a first key when it holds no private
     * key.
     *
     * @throws IllegalArgumentException naming the file when a key file is not an Ed25519 key
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public SigningKeys loadOrCreate() {
        if (privateKeyFiles().isEmpty()) {
            createFirstKey();
        }
        return load();
    }

    /** Creates a key unless another process did while this one waited for the creation lock. */
    private void createFirstKey() {
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(dir.resolve(CREATE_LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (privateKeyFiles().isEmpty()) {
                        createKey();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(dir + ": cannot lock the key directory to create its first key", e);
            }
        }
    }

    /**
     * Generates a new key that becomes the active signer; the previous keys stay published.
     *
     * @return the keys after the rotation
     * @throws IllegalArgumentException naming the file when an existing key file is not an
     *     Ed25519 key
     * @throws UncheckedIOException when the directory cannot be written
     */
    public SigningKeys rotate() {
        Path created = createKey();
        List<Path> privates = privateKeyFiles();
        Path last = privates.get(privates.size() - 1);
        if (!last.equals(created)) {
            throw new IllegalStateException(created + ": the new key would not be active because " + last
                    + " sorts after it; rename or remove that file");
        }
        return load();
    }

    /**
     * The keys with a configured key file ({@code aigw.label.signing.key-file}) as active signer.
     * Public keys of {@code publishDir} are published too, when it is given and exists.
     *
     * @param keyFile a PKCS#8 Ed25519 private key, PEM or DER
     * @param publishDir a key directory whose keys stay published, or {@code null}
     * @throws IllegalArgumentException naming the file when it is not an Ed25519 private key
     * @throws UncheckedIOException when a file cannot be read
     */
    public static SigningKeys loadKeyFile(Path keyFile, Path publishDir) {
        SigningKey active = SigningKey.of(readPrivate(keyFile));
        List<Jwk> retired = new ArrayList<>();
        if (publishDir != null && Files.isDirectory(publishDir)) {
            SigningKeyDirectory other = new SigningKeyDirectory(publishDir, Clock.systemUTC());
            retired.addAll(other.publishedKeys());
        }
        return new SigningKeys(active, retired);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    private SigningKeys load() {
        List<Path> privates = privateKeyFiles();
        if (privates.isEmpty()) {
            throw new IllegalStateException(dir + ": holds no Ed25519 private key");
        }
        SigningKey active = SigningKey.of(readPrivate(privates.get(privates.size() - 1)));
        return new SigningKeys(active, publishedKeys());
    }

    /** Public keys of every key file, newest name first. */
    private List<Jwk> publishedKeys() {
        List<Jwk> keys = new ArrayList<>();
        for (Path file : reversed(listFiles())) {
            String name = file.getFileName().toString();
            if (name.endsWith(PUBLIC_SUFFIX)) {
                keys.add(Jwk.of(Ed25519Keys.parsePublic(file.toString(), read(file))));
            } else if (isPrivateKeyFile(name)) {
                keys.add(Jwk.of(readPrivate(file).getPublic()));
            }
        }
        return keys;
    }

    private List<Path> privateKeyFiles() {
        List<Path> result = new ArrayList<>();
        for (Path p : listFiles()) {
            if (isPrivateKeyFile(p.getFileName().toString())) {
                result.add(p);
            }
        }
        return result;
    }

    private static boolean isPrivateKeyFile(String name) {
        return !name.endsWith(PUBLIC_SUFFIX) && (name.endsWith(".pem") || name.endsWith(".der"));
    }

    /** Regular files sorted by name; none when the directory does not exist yet. */
    private List<Path> listFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list key files", e);
        }
    }

    /** Writes a new private key named after the clock (a later millisecond if the name is taken). */
    private Path createKey() {
        KeyPair pair = Ed25519Keys.generate();
        byte[] pem = Ed25519Keys.toPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
        try {
            Files.createDirectories(dir);
            for (int attempt = 0; ; attempt++) {
                Path target = dir.resolve("ed25519-" + STAMP.format(clock.instant().plusMillis(attempt)) + ".pem");
                if (Files.exists(target)) {
                    continue;
                }
                Path tmp = Files.createTempFile(dir, ".ed25519-", ".tmp", ownerOnly());
                try {
                    Files.write(tmp, pem);
                    // Without REPLACE_EXISTING: a rename (the content appears whole) that fails
                    // when the name exists.
                    Files.move(tmp, target);
                    return target;
                } catch (FileAlreadyExistsException e) {
                    // a concurrent rotation took the name; try the next one
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write a new signing key", e);
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static KeyPair readPrivate(Path file) {
        return Ed25519Keys.parsePrivate(file.toString(), read(file));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read key file", e);
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
