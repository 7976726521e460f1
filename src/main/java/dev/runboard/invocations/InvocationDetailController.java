package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import dev.runboard.security.OutputAccess;
import dev.runboard.ssm.InvalidQueryException;
import dev.runboard.ssm.InvocationDetail;
import dev.runboard.ssm.InvocationQuery;
import dev.runboard.ssm.InvocationView;
import dev.runboard.ssm.Parameters;
import dev.runboard.ssm.PluginOutput;
import dev.runboard.ssm.PluginView;
import dev.runboard.ssm.SsmService;
import dev.runboard.ssm.SsmSources;
import dev.runboard.ssm.SsmSources.SsmSource;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One invocation: every plugin with its whole output. While the invocation runs, the page
 * polls this same URL with htmx, which costs one {@code ListCommandInvocations} call; the
 * whole output ({@code GetCommandInvocation} per plugin) is fetched once it is final.
 */
@Controller
class InvocationDetailController {

	static final String VIEW_DETAIL = "invocations/detail";

	private static final List<String> STREAMS = List.of("stdout", "stderr");

	private final SsmSources sources;

	private final OutputAccess outputAccess;

	InvocationDetailController(SsmSources sources, OutputAccess outputAccess) {
		this.sources = sources;
		this.outputAccess = outputAccess;
	}

	/** The account and region the link names, each defaulting to the first configured. */
	private SsmSource source(MultiValueMap<String, String> parameters) {
		return this.sources.one(this.sources.account(Parameters.single(parameters, "account"), false),
				this.sources.region(Parameters.single(parameters, "region"), false));
	}

	@GetMapping("/invocations/{commandId}/{instanceId}")
	String detail(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters, Model model) {
		addInvocation(source(parameters), commandId, instanceId, model);
		return VIEW_DETAIL;
	}

	@GetMapping(path = "/invocations/{commandId}/{instanceId}", headers = "HX-Request=true")
	String live(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters, Model model) {
		addInvocation(source(parameters), commandId, instanceId, model);
		return VIEW_DETAIL + " :: live";
	}

	/**
	 * One plugin's output as a text file: the whole output once the invocation is final,
	 * what SSM has so far before that.
	 */
	@GetMapping("/invocations/{commandId}/{instanceId}/output.txt")
	ResponseEntity<String> download(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters) {
		String command = Parameters.commandId(commandId);
		String instance = Parameters.instanceId(instanceId);
		String stream = Parameters.oneOf("stream", Parameters.single(parameters, "stream"), STREAMS);
		String pluginName = Parameters.single(parameters, "plugin");
		if (stream == null || pluginName == null) {
			throw new InvalidQueryException((stream == null) ? "stream" : "plugin",
					"plugin and stream (stdout or stderr) name the output to download.");
		}
		this.outputAccess.require();
		SsmService ssm = source(parameters).ssm();
		InvocationView invocation = ssm.invocation(command, instance);
		PluginView plugin = invocation.plugins()
			.stream()
			.filter((candidate) -> pluginName.equals(candidate.name()))
			.findFirst()
			.orElseThrow(() -> new InvalidQueryException("plugin", "plugin: this invocation's plugins are "
					+ invocation.plugins().stream().map(PluginView::name).collect(Collectors.joining(", ")) + "."));
		PluginOutput output = invocation.running() ? plugin.output()
				: ssm.fullOutput(command, instance, pluginName).orElse(plugin.output());
		String filename = (instance + "-" + pluginName + "-" + stream + ".txt").replaceAll("[^A-Za-z0-9._-]", "-");
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.body("stdout".equals(stream) ? output.stdout() : output.stderr());
	}

	/** One table row, for a row that refreshes itself until its invocation is final. */
	@GetMapping("/invocations/{commandId}/{instanceId}/row")
	String row(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters, Model model) {
		InvocationQuery query = InvocationQuery.from(parameters);
		SsmSource source = source(parameters);
		InvocationView invocation = source.ssm()
			.invocation(Parameters.commandId(commandId), Parameters.instanceId(instanceId));
		model.addAttribute("src", this.sources.several() ? source : null);
		model.addAttribute("inv", this.outputAccess.apply(query.details() ? invocation : invocation.withoutPlugins()));
		model.addAttribute("query", query);
		return InvocationsController.VIEW_LIST + " :: row";
	}

	private void addInvocation(SsmSource source, String commandId, String instanceId, Model model) {
		String command = Parameters.commandId(commandId);
		String instance = Parameters.instanceId(instanceId);
		SsmService ssm = source.ssm();
		InvocationView invocation = ssm.invocation(command, instance);
		if (invocation.running() || !this.outputAccess.allowed()) {
			model.addAttribute("inv", this.outputAccess.apply(invocation));
		}
		else {
			InvocationDetail detail = ssm.detail(invocation);
			model.addAttribute("inv", detail.invocation());
			model.addAttribute("partial", detail.partial());
		}
		model.addAttribute("region", ssm.region().id());
		model.addAttribute("account", source.account());
		model.addAttribute("src", this.sources.several() ? source : null);
	}

}
