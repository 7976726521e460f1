package dev.runboard.aws.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sandbox's history is made of: the commands an ops team sends week after week,
 * each with the document parameters, targets and rate control such a command is sent
 * with.
 */
final class SandboxRecipes {

	/** One kind of command. */
	record Recipe(String document, String version, String comment, boolean windows,
			Map<String, List<String>> parameters, Map<String, List<String>> tagTargets, String maxConcurrency,
			String maxErrors, int timeoutSeconds) {

	}

	static final List<Recipe> RECIPES = List.of(
			new Recipe("AWS-RunShellScript", "1", "df -h on all web nodes", false,
					parameters("commands", List.of("df -h", "df -i /var | tail -n 1"), "executionTimeout",
							List.of("60")),
					Map.of("tag:Role", List.of("web")), "50", "0", 600),
			new Recipe("AWS-RunPatchBaseline", "1", "Patch night: install approved updates", false,
					parameters("Operation", List.of("Install"), "RebootOption", List.of("RebootIfNeeded")),
					Map.of("tag:Patch Group", List.of("production")), "2", "1", 3600),
			new Recipe("AWS-RunShellScript", "1", "Restart nginx after cert rotation", false,
					parameters("commands",
							List.of("#!/bin/bash", "set -euo pipefail", "nginx -t", "systemctl reload nginx",
									"echo \"Restarted nginx on $(hostname)\""),
							"executionTimeout", List.of("120")),
					Map.of("tag:Role", List.of("web")), "1", "0", 600),
			new Recipe("AWS-UpdateSSMAgent", "1", "Monthly SSM Agent update", false,
					parameters("allowDowngrade", List.of("false")), Map.of(), "10", "2", 1800),
			new Recipe("Acme-DeployRelease", "7", "Deploy release 2026.11.3", false,
					parameters("release", List.of("2026.11.3"), "healthCheckUrl",
							List.of("http://localhost:8080/actuator/health")),
					Map.of("tag:Role", List.of("web")), "1", "1", 900),
			new Recipe("AWS-RunShellScript", "1", "Collect diagnostics for INC-4821", false,
					parameters("commands",
							List.of("echo \"Collecting diagnostics on $(hostname)\"",
									"journalctl --since \"6 hours ago\" --no-pager",
									"tar czf /tmp/diag-$(hostname).tar.gz " + "/var/log/nginx /var/log/messages",
									"echo \"Diagnostics written to /tmp/diag-$(hostname).tar.gz\""),
							"executionTimeout", List.of("900")),
					Map.of(), "100%", "100%", 600),
			new Recipe("AWS-ConfigureAWSPackage", "1", "Install AmazonCloudWatchAgent", false,
					parameters("action", List.of("Install"), "installationType", List.of("Uninstall and reinstall"),
							"name", List.of("AmazonCloudWatchAgent"), "version", List.of("")),
					Map.of(), "25%", "10%", 1200),
			new Recipe("AWS-RunPowerShellScript", "1", "Clear IIS temp files", true,
					parameters("commands", List.of("$temp = 'C:\\inetpub\\temp\\IIS Temporary Compressed Files'",
							"$removed = (Get-ChildItem $temp -Recurse | Remove-Item -Recurse -Force -PassThru).Count",
							"Write-Output \"Removed $removed files from $temp\"")),
					Map.of("tag:OS", List.of("Windows")), "1", "0", 600),
			new Recipe("AWS-RunShellScript", "1", "Render status page preview", false,
					parameters("commands",
							List.of("cat <<'EOF'", "<h1>Status preview</h1><script>alert('owned')</script>",
									"${T(java.lang.Runtime).getRuntime().exec('id')}  [[${7*7}]]  {{7*7}}", "EOF")),
					Map.of(), "50", "0", 600));

	private SandboxRecipes() {
	}

	/** Parameters in the order given: name, values, name, values… */
	static Map<String, List<String>> parameters(Object... namesAndValues) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			@SuppressWarnings("unchecked")
			List<String> values = (List<String>) namesAndValues[i + 1];
			parameters.put((String) namesAndValues[i], values);
		}
		return parameters;
	}

}
