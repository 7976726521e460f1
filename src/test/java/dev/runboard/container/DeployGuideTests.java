package dev.runboard.container;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deploy.md is what a platform team deploys from without reading the code, so its
 * IAM policy and examples must not drift from the code and the Dockerfile.
 */
class DeployGuideTests {

	static final Path GUIDE = Path.of("docs/deploy.md");

	static final JsonMapper JSON = JsonMapper.builder().build();

	final Dockerfile dockerfile = Dockerfile.read();

	/** The actions only enabled actions (cancel, rerun) call, which write. */
	static final Set<String> WRITES = Set.of("ssm:CancelCommand", "ssm:SendCommand");

	@Test
	void thePoliciesGrantExactlyTheSsmActionsTheCodeCallsTheReadOnlyOneNoWrite() throws IOException {
		Set<String> called = ssmActionsCalledByTheCode();
		JsonNode reads = the(jsonBlocks(), (json) -> json.has("Statement") && json.toString().contains("\"ssm:List"));
		JsonNode writes = the(jsonBlocks(),
				(json) -> json.has("Statement") && json.toString().contains("\"ssm:SendCommand\""));
		Set<String> read = new TreeSet<>(called);
		read.removeAll(WRITES);
		assertThat(granted(reads)).as("the least-privilege policy in docs/deploy.md").isEqualTo(read);
		assertThat(granted(writes)).as("the actions policy in docs/deploy.md").isEqualTo(WRITES);
		assertThat(called).containsAll(WRITES);
	}

	private static Set<String> granted(JsonNode policy) {
		Set<String> granted = new TreeSet<>();
		for (JsonNode statement : policy.get("Statement")) {
			assertThat(statement.get("Effect").asString()).isEqualTo("Allow");
			JsonNode action = statement.get("Action");
			if (action.isArray()) {
				action.forEach((each) -> granted.add(each.asString()));
			}
			else {
				granted.add(action.asString());
			}
		}
		return granted;
	}

	@Test
	void everyActionOfThePolicyIsExplainedInTheGuide() throws IOException {
		String guide = Files.readString(GUIDE);
		for (String action : ssmActionsCalledByTheCode()) {
			assertThat(guide).as("a row of the actions table").contains("| `" + action + "` |");
		}
	}

	@Test
	void theEcsTaskRunsTheImagesHealthCheckAsItsUserWithAReadOnlyRoot() throws IOException {
		JsonNode task = the(jsonBlocks(), (json) -> json.has("containerDefinitions"));
		JsonNode container = task.get("containerDefinitions").get(0);
		List<String> command = new ArrayList<>();
		container.get("healthCheck").get("command").forEach((word) -> command.add(word.asString()));
		List<String> expected = new ArrayList<>(List.of("CMD"));
		expected.addAll(this.dockerfile.runtime().last("HEALTHCHECK").orElseThrow().exec());
		assertThat(command).isEqualTo(expected);
		assertThat(container.get("user").asString())
			.isEqualTo(this.dockerfile.runtime().last("USER").orElseThrow().arguments());
		assertThat(container.get("readonlyRootFilesystem").asBoolean()).isTrue();
		assertThat(container.get("mountPoints").get(0).get("containerPath").asString()).isEqualTo("/tmp");
		assertThat(container.get("portMappings").get(0).get("containerPort").asInt()).isEqualTo(8080);
		container.get("environment")
			.forEach((variable) -> assertThat(variable.get("name").asString()).as("secrets go in \"secrets\"")
				.doesNotContainIgnoringCase("SECRET")
				.doesNotContainIgnoringCase("PASSWORD"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theKubernetesDeploymentProbesTheGroupsAndRunsLockedDown() throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (String block : blocks("yaml")) {
			new Yaml().loadAll(block).forEach((document) -> documents.add((Map<String, Object>) document));
		}
		Map<String, Object> serviceAccount = the(documents,
				(document) -> "ServiceAccount".equals(document.get("kind")));
		assertThat((Map<String, Object>) at(serviceAccount, "metadata", "annotations"))
			.containsKey("eks.amazonaws.com/role-arn");
		Map<String, Object> deployment = the(documents, (document) -> "Deployment".equals(document.get("kind")));
		Map<String, Object> pod = (Map<String, Object>) at(deployment, "spec", "template", "spec");
		assertThat(pod.get("serviceAccountName")).isEqualTo(at(serviceAccount, "metadata", "name"));
		String uid = this.dockerfile.runtime().last("USER").orElseThrow().arguments().split(":")[0];
		assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", Integer.parseInt(uid));
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		assertThat((Map<String, Object>) container.get("securityContext")).containsEntry("readOnlyRootFilesystem", true)
			.containsEntry("allowPrivilegeEscalation", false);
		assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
		assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
		assertThat((Integer) at(container, "readinessProbe", "timeoutSeconds")).as("above the 3s SSM check")
			.isGreaterThan(3);
		assertThat((List<Map<String, Object>>) container.get("volumeMounts"))
			.anySatisfy((mount) -> assertThat(mount).containsEntry("mountPath", "/tmp"));
		assertThat(((List<Map<String, Object>>) container.get("ports")).get(0)).containsEntry("containerPort", 8080);
		((List<Map<String, Object>>) container.get("env")).forEach((variable) -> {
			if (String.valueOf(variable.get("name")).matches(".*(SECRET|PASSWORD).*")) {
				assertThat(variable).as("%s comes from a Secret", variable.get("name")).containsKey("valueFrom");
			}
		});
	}

	/**
	 * The SSM operations called by code that holds the SDK client, outside the sandbox
	 * (which answers them in memory), as IAM actions.
	 */
	static Set<String> ssmActionsCalledByTheCode() throws IOException {
		Map<String, String> operations = new java.util.HashMap<>();
		for (Method method : SsmClient.class.getMethods()) {
			if (SdkResponse.class.isAssignableFrom(method.getReturnType())) {
				String name = method.getName();
				operations.put(name, "ssm:" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
			}
			else if (method.getName().endsWith("Paginator")) {
				String name = method.getName().substring(0, method.getName().length() - "Paginator".length());
				operations.put(method.getName(), "ssm:" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
			}
		}
		Pattern call = Pattern.compile("\\.(\\w+)\\(");
		Set<String> actions = new TreeSet<>();
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path source : sources.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> !file.toString().replace('\\', '/').contains("/aws/sandbox/"))
				.toList()) {
				String code = Files.readString(source);
				if (!code.contains("import " + SsmClient.class.getName() + ";")) {
					// Only code that holds the SDK client can call AWS; elsewhere a
					// method
					// such as getParameter is a servlet request's.
					continue;
				}
				Matcher matcher = call.matcher(code);
				while (matcher.find()) {
					if (operations.containsKey(matcher.group(1))) {
						actions.add(operations.get(matcher.group(1)));
					}
				}
			}
		}
		assertThat(actions).as("SSM calls found in src/main/java").isNotEmpty();
		return actions;
	}

	private static List<JsonNode> jsonBlocks() throws IOException {
		return blocks("json").stream().map(JSON::readTree).toList();
	}

	private static List<String> blocks(String language) throws IOException {
		Matcher matcher = Pattern.compile("(?ms)^( *)```" + language + "\\n(.*?)^\\1```")
			.matcher(Files.readString(GUIDE));
		List<String> blocks = new ArrayList<>();
		while (matcher.find()) {
			String indent = matcher.group(1);
			blocks.add(matcher.group(2).replaceAll("(?m)^" + indent, ""));
		}
		return blocks;
	}

	private static <T> T the(List<T> candidates, java.util.function.Predicate<T> which) {
		List<T> matching = candidates.stream().filter(which).toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Object at(Map<String, Object> map, String... path) {
		Object value = map;
		for (String key : path) {
			value = ((Map<String, Object>) value).get(key);
		}
		return value;
	}

}
