package io.aigw.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Issue 18, item 5, checked offline (no cluster, no Docker engine here): every document of
 * {@code deploy/kubernetes} is read into fabric8's typed Kubernetes model, where a field the Kubernetes API
 * does not have (a typo such as {@code readinesProbe}, a field at the wrong level) lands in an object's
 * {@code additionalProperties} and fails the test; then what the fleet needs is asserted: replicas with a
 * volume each, shared keys from Secrets, probes on actuator health, a disruption budget, resources, Redis.
 * {@code docker-compose.yml}, the Dockerfile and {@code .dockerignore} are checked for the same set-up.
 */
class DeployManifestsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "StatefulSet", StatefulSet.class, "Deployment", Deployment.class, "Service", Service.class,
            "PodDisruptionBudget", PodDisruptionBudget.class, "Secret", Secret.class);

    @Test
    void everyManifestIsAKnownKindWithoutAFieldKubernetesDoesNotHave() throws Exception {
        List<HasMetadata> resources = resources();
        assertThat(resources).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).contains(
                "StatefulSet/aigw", "Service/aigw", "Service/aigw-headless", "PodDisruptionBudget/aigw",
                "Deployment/aigw-redis", "Service/aigw-redis", "Secret/aigw-upstream", "Secret/aigw-admin");
    }

    @Test
    void theStatefulSetRunsReplicasWithAChainVolumeEachSharedKeysAndHealthProbes() throws Exception {
        StatefulSet set = one(StatefulSet.class, "aigw");
        assertThat(set.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(set.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName()).containsExactly("data");
        Container gateway = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = gateway.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("AIGW_NODE_ID").getValue()).isEqualTo("$(POD_NAME)");
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env.get("AIGW_AUDIT_DIR").getValue()).startsWith("/app/data/").endsWith("$(POD_NAME)");
        for (String secretKey : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AIGW_ADMIN_TOKEN")) {
            assertThat(env.get(secretKey).getValue()).as(secretKey + " never inline").isNull();
            assertThat(env.get(secretKey).getValueFrom().getSecretKeyRef()).as(secretKey).isNotNull();
        }
        assertThat(env.get("AIGW_QUOTA_REDIS_URL").getValue()).isEqualTo("redis://aigw-redis:6379");

        Map<String, String> mounts = gateway.getVolumeMounts().stream()
                .collect(Collectors.toMap(m -> m.getName(), m -> m.getMountPath()));
        assertThat(mounts).containsEntry("data", "/app/data").containsEntry("config", "/app/config");
        var volumes = set.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(v -> v.getName(), v -> v));
        assertThat(volumes.get("config").getConfigMap().getName()).isEqualTo("aigw-config");
        assertThat(volumes.get("receipt-keys").getSecret().getSecretName()).isEqualTo("aigw-receipt-keys");
        assertThat(volumes.get("audit-keys").getSecret().getSecretName()).isEqualTo("aigw-audit-keys");
        assertThat(env.get("AIGW_LABEL_SIGNING_KEYDIR").getValue()).isEqualTo(mounts.get("receipt-keys"));
        assertThat(env.get("AIGW_AUDIT_KEYDIR").getValue()).isEqualTo(mounts.get("audit-keys"));

        assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(gateway.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(gateway.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(gateway.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .contains("http:8080", "management:9090");
        assertThat(Quantity.getAmountInBytes(gateway.getResources().getRequests().get("memory")).longValue())
                .as("above the measured peak RSS (bench/README.md: 388-395 MB)").isGreaterThan(400L * 1024 * 1024);
        assertThat(gateway.getResources().getRequests()).containsKey("cpu");
        assertThat(gateway.getResources().getLimits()).containsKey("memory");

        PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "aigw");
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(set.getSpec().getSelector().getMatchLabels());
        assertThat(one(Service.class, "aigw").getSpec().getSelector()).isEqualTo(set.getSpec().getSelector().getMatchLabels());
        assertThat(one(Service.class, "aigw-headless").getSpec().getClusterIP()).isEqualTo("None");
        assertThat(set.getSpec().getServiceName()).isEqualTo("aigw-headless");
        assertThat(one(Deployment.class, "aigw-redis").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .startsWith("redis:");
    }

    @Test
    void aFieldKubernetesDoesNotHaveIsCaught() {
        String typo = "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  selectr:\n    app: x\n";
        assertThat(unknownFields(read(typo).get(0))).containsExactly("Service/x: spec.selectr");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoReplicasAndRedisSharingKeysAndTheAuditRootWithOwnNodeIds() throws Exception {
        Map<String, Object> compose = load(Files.readString(ROOT.resolve("docker-compose.yml"), StandardCharsets.UTF_8));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("aigw-0", "aigw-1", "redis");
        List<String> nodeIds = new ArrayList<>();
        for (String name : List.of("aigw-0", "aigw-1")) {
            Map<String, Object> service = map(services.get(name));
            Map<String, Object> env = map(service.get("environment"));
            nodeIds.add((String) env.get("AIGW_NODE_ID"));
            assertThat(env).containsEntry("AIGW_AUDIT_ROOT", "/app/data/audit")
                    .containsEntry("AIGW_LABEL_SIGNING_KEYDIR", "/app/data/keys/receipt")
                    .containsEntry("AIGW_AUDIT_KEYDIR", "/app/data/keys/audit")
                    .containsEntry("AIGW_QUOTA_REDIS_URL", "redis://redis:6379");
            assertThat(env.get("OPENAI_API_KEY")).as("from the environment").isEqualTo("${OPENAI_API_KEY:-}");
            assertThat((List<Object>) service.get("volumes")).contains("./config:/app/config:ro", "aigw-data:/app/data");
        }
        assertThat(nodeIds).containsExactly("aigw-0", "aigw-1");
        assertThat(map(services.get("redis")).get("image").toString()).startsWith("redis:");

        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).contains("VOLUME [\"/app/data\"]", "HEALTHCHECK", "/actuator/health/liveness", "USER aigw")
                .doesNotContain("COPY config");
        assertThat(Files.readAllLines(ROOT.resolve(".dockerignore"))).contains("**/target", "data", ".git", "config");
    }

    private List<HasMetadata> resources() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        try (var files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                List<HasMetadata> resources = read(Files.readString(file, StandardCharsets.UTF_8));
                for (HasMetadata r : resources) {
                    assertThat(unknownFields(r)).as(file.getFileName() + ": fields Kubernetes does not have").isEmpty();
                }
                all.addAll(resources);
            }
        }
        Map<String, Object> kustomization = load(Files.readString(KUBERNETES.resolve("kustomization.yaml"), StandardCharsets.UTF_8));
        for (Object listed : (List<?>) kustomization.get("resources")) {
            assertThat(KUBERNETES.resolve(listed.toString())).as("kustomization lists existing files").exists();
        }
        return all;
    }

    private static List<HasMetadata> read(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document == null) {
                continue;
            }
            Map<String, Object> tree = map(document);
            Class<? extends HasMetadata> type = KINDS.get(String.valueOf(tree.get("kind")));
            assertThat(type).as("a kind this test knows: " + tree.get("kind")).isNotNull();
            resources.add(MAPPER.convertValue(tree, type));
        }
        return resources;
    }

    /** Paths of every value the model did not know (fabric8 keeps them in additionalProperties). */
    private static List<String> unknownFields(HasMetadata resource) {
        List<String> found = new ArrayList<>();
        walk(resource, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found.stream().map(p -> resource.getKind() + "/" + resource.getMetadata().getName() + ": " + p).toList();
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.") || !seen.add(value)) {
            if (value instanceof Collection<?> list) {
                int i = 0;
                for (Object item : list) {
                    walk(item, path + "[" + i++ + "]", found, seen);
                }
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            }
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) child).keySet().forEach(k -> found.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            walk(child, path + "." + name, found, seen);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> load(String yaml) {
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml));
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) throws IOException {
        return resources().stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
