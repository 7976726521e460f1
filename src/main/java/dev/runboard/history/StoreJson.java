package dev.runboard.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.runboard.aws.CommandDetail;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command's parameters and targets as the store keeps them: JSON arrays, which keep
 * SSM's order (a JSON object in {@code jsonb} would not).
 */
final class StoreJson {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private StoreJson() {
	}

	record Parameter(String name, List<String> values) {

	}

	record Target(String key, List<String> values) {

	}

	static String parameters(Map<String, List<String>> parameters) {
		List<Parameter> list = new ArrayList<>();
		parameters.forEach((name, values) -> list.add(new Parameter(name, values)));
		return JSON.writeValueAsString(list);
	}

	static Map<String, List<String>> parameters(String json) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (Parameter parameter : JSON.readValue(json, new TypeReference<List<Parameter>>() {
		})) {
			parameters.put(parameter.name(), (parameter.values() != null) ? parameter.values() : List.of());
		}
		return parameters;
	}

	static String targets(List<CommandDetail.Target> targets) {
		return JSON
			.writeValueAsString(targets.stream().map((target) -> new Target(target.key(), target.values())).toList());
	}

	static List<CommandDetail.Target> targets(String json) {
		return JSON.readValue(json, new TypeReference<List<Target>>() {
		})
			.stream()
			.map((target) -> new CommandDetail.Target(target.key(),
					(target.values() != null) ? target.values() : List.of()))
			.toList();
	}

}
