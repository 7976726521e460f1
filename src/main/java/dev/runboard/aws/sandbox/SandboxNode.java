package dev.runboard.aws.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A managed node of the sandbox fleet, with the tags commands target it by.
 *
 * @param online whether it picks up commands; an offline node never runs one
 * @param tags {@code Role}, {@code OS} and, for patched Linux nodes, {@code Patch Group}
 */
record SandboxNode(String id, String name, boolean windows, boolean online, Map<String, String> tags) {

	/** A node tagged as its name says: {@code web-01} has the role {@code web}. */
	static SandboxNode of(String id, String name, boolean windows, boolean online) {
		Map<String, String> tags = new LinkedHashMap<>();
		String role = name.startsWith("win-app") ? "app" : name.replaceAll("-.*", "");
		tags.put("Role", role);
		tags.put("OS", windows ? "Windows" : "Linux");
		if (role.equals("app") && !windows) {
			tags.put("Patch Group", "production-wave-2");
		}
		else if (!windows && !role.equals("build")) {
			tags.put("Patch Group", "production");
		}
		return new SandboxNode(id, name, windows, online, Map.copyOf(tags));
	}

	/**
	 * Whether a {@code SendCommand} target names this node: {@code tag:<key>} with one of
	 * the values, {@code tag-key} with one of its tag keys, or {@code InstanceIds}.
	 */
	boolean targetedBy(String key, List<String> values) {
		if (key.startsWith("tag:")) {
			return values.contains(this.tags.get(key.substring("tag:".length())));
		}
		return switch (key) {
			case "tag-key" -> values.stream().anyMatch(this.tags::containsKey);
			case "InstanceIds" -> values.contains(this.id);
			default -> false;
		};
	}

}
