package dev.runboard.invocations;

import dev.runboard.security.OutputAccess;
import dev.runboard.ssm.InvocationDetail;
import dev.runboard.ssm.InvocationQuery;
import dev.runboard.ssm.InvocationView;
import dev.runboard.ssm.Parameters;
import dev.runboard.ssm.SsmService;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
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

	private final SsmService ssm;

	private final OutputAccess outputAccess;

	InvocationDetailController(SsmService ssm, OutputAccess outputAccess) {
		this.ssm = ssm;
		this.outputAccess = outputAccess;
	}

	@GetMapping("/invocations/{commandId}/{instanceId}")
	String detail(@PathVariable String commandId, @PathVariable String instanceId, Model model,
			HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		addInvocation(commandId, instanceId, model);
		return VIEW_DETAIL;
	}

	@GetMapping(path = "/invocations/{commandId}/{instanceId}", headers = "HX-Request=true")
	String live(@PathVariable String commandId, @PathVariable String instanceId, Model model,
			HttpServletResponse response) {
		response.addHeader(HttpHeaders.VARY, "HX-Request");
		addInvocation(commandId, instanceId, model);
		return VIEW_DETAIL + " :: live";
	}

	/** One table row, for a row that refreshes itself until its invocation is final. */
	@GetMapping("/invocations/{commandId}/{instanceId}/row")
	String row(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters, Model model) {
		InvocationQuery query = InvocationQuery.from(parameters);
		InvocationView invocation = this.ssm.invocation(Parameters.commandId(commandId),
				Parameters.instanceId(instanceId));
		model.addAttribute("inv", this.outputAccess.apply(query.details() ? invocation : invocation.withoutPlugins()));
		model.addAttribute("query", query);
		return InvocationsController.VIEW_LIST + " :: row";
	}

	private void addInvocation(String commandId, String instanceId, Model model) {
		String command = Parameters.commandId(commandId);
		String instance = Parameters.instanceId(instanceId);
		InvocationView invocation = this.ssm.invocation(command, instance);
		if (invocation.running() || !this.outputAccess.allowed()) {
			model.addAttribute("inv", this.outputAccess.apply(invocation));
		}
		else {
			InvocationDetail detail = this.ssm.detail(invocation);
			model.addAttribute("inv", detail.invocation());
			model.addAttribute("partial", detail.partial());
		}
		model.addAttribute("region", this.ssm.region().id());
	}

}
