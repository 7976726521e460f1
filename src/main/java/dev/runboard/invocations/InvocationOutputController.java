package dev.runboard.invocations;

import dev.runboard.output.OutputChunk;
import dev.runboard.output.OutputQuery;
import dev.runboard.output.OutputService;
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

	InvocationOutputController(OutputService output, OutputAccess outputAccess) {
		this.output = output;
		this.outputAccess = outputAccess;
	}

	@GetMapping("/invocations/{commandId}/{instanceId}/output")
	String chunk(@PathVariable String commandId, @PathVariable String instanceId,
			@RequestParam MultiValueMap<String, String> parameters, Model model) {
		this.outputAccess.require();
		OutputQuery query = OutputQuery.from(commandId, instanceId, parameters);
		OutputChunk chunk = this.output.read(query);
		model.addAttribute("query", query);
		model.addAttribute("chunk", chunk);
		model.addAttribute("moreUrl", chunk.more() ? query.next(chunk).uri() : null);
		return VIEW_CHUNK;
	}

}
