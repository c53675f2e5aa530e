package io.aigw.filters.label;

import io.aigw.filters.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyDirectoryTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    @Test
    void firstStartCreatesAnOwnerOnlyPkcs8PemKeyAndTheNextStartReusesIt() throws Exception {
        Path dir = tmp.resolve("data/keys");
        SigningKeys first = new SigningKeyDirectory(dir, clock).loadOrCreate();

        List<Path> files = list(dir);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly(SigningKeyDirectory.CREATE_LOCK, "ed25519-20261124T100000000Z.pem");
        assertThat(Files.readString(files.get(1))).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(1)))).isEqualTo("rw-------");

        SigningKeys again = new SigningKeyDirectory(dir, clock).loadOrCreate();
        assertThat(again.active().kid()).isEqualTo(first.active().kid());
        assertThat(again.jwks().keys()).hasSize(1);
    }

    @Test
    void replicasStartingAtOnceOnAnEmptySharedDirectoryAgreeOnOneKey() throws Exception {
        Path dir = tmp.resolve("shared");
        int replicas = 8;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(replicas);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(replicas);
        try {
            List<java.util.concurrent.Future<SigningKeys>> started = new java.util.ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                started.add(pool.submit(() -> {
                    start.await();
                    return new SigningKeyDirectory(dir, java.time.Clock.systemUTC()).loadOrCreate();
                }));
            }
            java.util.Set<String> activeKids = new java.util.HashSet<>();
            for (java.util.concurrent.Future<SigningKeys> f : started) {
                SigningKeys keys = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                activeKids.add(keys.active().kid());
                assertThat(keys.jwks().keys()).hasSize(1);
            }
            assertThat(activeKids).hasSize(1);
            assertThat(list(dir)).extracting(p -> p.getFileName().toString()).filteredOn(n -> n.endsWith(".pem")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotationMakesTheNewKeyActiveAndKeepsOldOnesPublished() {
        SigningKeyDirectory keys = new SigningKeyDirectory(tmp, clock);
        SigningKeys before = keys.loadOrCreate();
        clock.advance(Duration.ofDays(30));

        SigningKeys after = keys.rotate();

        assertThat(after.active().kid()).isNotEqualTo(before.active().kid());
        assertThat(after.jwks().keys()).extracting(Jwk::kid).containsExactly(after.active().kid(), before.active().kid());
        assertThat(new SigningKeyDirectory(tmp, clock).loadOrCreate().active().kid()).isEqualTo(after.active().kid());
    }

    @Test
    void twoRotationsInTheSameMillisecondGetDistinctFilesAndTheNewestSigns() throws Exception {
        SigningKeyDirectory keys = new SigningKeyDirectory(tmp, clock);
        SigningKeys first = keys.loadOrCreate();
        SigningKeys second = keys.rotate();
        SigningKeys third = keys.rotate();

        assertThat(list(tmp)).extracting(p -> p.getFileName().toString()).containsExactly(SigningKeyDirectory.CREATE_LOCK,
                "ed25519-20261124T100000000Z.pem", "ed25519-20261124T100000001Z.pem", "ed25519-20261124T100000002Z.pem");
        assertThat(third.jwks().keys()).extracting(Jwk::kid)
                .containsExactly(third.active().kid(), second.active().kid(), first.active().kid());
        assertThat(keys.loadOrCreate().active().kid()).isEqualTo(third.active().kid());
    }

    @Test
    void rotationRefusesWhenAnotherFileWouldStayActive() throws Exception {
        SigningKeyDirectory keys = new SigningKeyDirectory(tmp, clock);
        keys.loadOrCreate();
        Path operatorKey = tmp.resolve("zz-operator.pem");
        Files.writeString(operatorKey, Ed25519Keys.toPem(Ed25519Keys.generate().getPrivate()));

        assertThatThrownBy(keys::rotate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(operatorKey.toString());
    }

    @Test
    void aRetiredKeyReplacedByItsPublicHalfStaysPublished() throws Exception {
        SigningKeyDirectory keys = new SigningKeyDirectory(tmp, clock);
        SigningKeys old = keys.loadOrCreate();
        clock.advance(Duration.ofDays(1));
        keys.rotate();
        Path oldFile = tmp.resolve("ed25519-20261124T100000000Z.pem");
        KeyPair oldPair = Ed25519Keys.parsePrivate("old", Files.readAllBytes(oldFile));
        Files.writeString(tmp.resolve("ed25519-20261124T100000000Z.pub.pem"), Ed25519Keys.toPem(oldPair.getPublic()));
        Files.delete(oldFile);

        SigningKeys reloaded = keys.loadOrCreate();

        assertThat(reloaded.jwks().find(old.active().kid())).isPresent();
        assertThat(reloaded.active().kid()).isNotEqualTo(old.active().kid());
    }

    @Test
    void loadsAConfiguredDerKeyFileAndPublishesADirectorysKeys() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        Path der = tmp.resolve("signing.der");
        Files.write(der, pair.getPrivate().getEncoded());
        SigningKeys published = new SigningKeyDirectory(tmp.resolve("keys"), clock).loadOrCreate();

        SigningKeys keys = SigningKeyDirectory.loadKeyFile(der, tmp.resolve("keys"));

        assertThat(keys.active().kid()).isEqualTo(Jwk.of(pair.getPublic()).kid());
        assertThat(keys.jwks().keys()).extracting(Jwk::kid).containsExactly(keys.active().kid(), published.active().kid());
    }

    @Test
    void theDerivedPublicKeyVerifiesSignaturesOfTheLoadedPrivateKey() throws Exception {
        KeyPair original = Ed25519Keys.generate();
        KeyPair loaded = Ed25519Keys.parsePrivate("pem", Ed25519Keys.toPem(original.getPrivate()).getBytes(StandardCharsets.US_ASCII));

        assertThat(loaded.getPublic().getEncoded()).isEqualTo(original.getPublic().getEncoded());
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(loaded.getPrivate());
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(original.getPublic());
        v.update(new byte[] {1, 2, 3});
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void aFileThatIsNotAnEd25519KeyIsRejectedByPath() throws Exception {
        Path rsa = tmp.resolve("zz-rsa.pem");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        Files.writeString(rsa, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(gen.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path cert = tmp.resolve("other.pem");

        assertThatThrownBy(() -> new SigningKeyDirectory(tmp, clock).loadOrCreate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rsa.toString());
        Files.delete(rsa);
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> SigningKeyDirectory.loadKeyFile(cert, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(cert.toString())
                .hasMessageContaining("BEGIN CERTIFICATE");
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
