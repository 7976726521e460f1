package dev.runboard.invocations;

import dev.runboard.output.OutputChunk;
import dev.runboard.output.OutputQuery;
import dev.runboard.output.OutputService;
import dev.runboard.ssm.Parameters;
import dev.runboard.ssm.SsmSources;
import dev.runboard.ssm.SsmSources.SsmSource;
import dev.runboard.security.OutputAccess;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The whole output of one plugin, read in place from S3 or CloudWatch Logs a chunk at a
 * time: the detail page asks for the first chunk, and each chunk's "Load more" button
 * asks for the next and is replaced by it, so chunks append in order.
 */
@Controller
class InvocationOutputController {

	static final String VIEW_CHUNK = "invocations/output :: chunk";

	private final OutputService output;

	private final OutputAccess outputAccess;

	private final SsmSources sources;

	InvocationOutputController(OutputService output, OutputAccess outputAccess, SsmSources sources) {
		this.output = output;
		this.outputAccess = outputAccess;
		this.sources = sources;
	}

	@GetMapping("/invocations/{commandId}/{instanceId}/output")
	String chunk(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters, Model model) {
		this.outputAccess.require();
		OutputQuery query = OutputQuery.from(commandId, instanceId, parameters);
		SsmSource source = this.sources.one(this.sources.account(Parameters.single(parameters, "account"), false),
				this.sources.region(Parameters.single(parameters, "region"), false));
		OutputChunk chunk = this.output.read(source.ssm(), query);
		model.addAttribute("query", query);
		model.addAttribute("chunk", chunk);
		model.addAttribute("moreUrl", chunk.more() ? query.next(chunk).uri() + where(source) : null);
		return VIEW_CHUNK;
	}

	/**
	 * The account and region of a chunk's next request, when several are configured. Both
	 * are configured names of letters, digits and {@code _ . -}: nothing to encode.
	 */
	private String where(SsmSource source) {
		if (!this.sources.several()) {
			return "";
		}
		return ((source.account() != null) ? "&account=" + source.account() : "") + "&region=" + source.region();
	}

}
