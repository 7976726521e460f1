package dev.runboard.invocations;

import java.nio.charset.StandardCharsets;

import dev.runboard.aws.AwsFailure;
import dev.runboard.aws.OutputChunk;
import dev.runboard.aws.OutputRequest;
import dev.runboard.aws.PluginOutput;
import dev.runboard.aws.PluginView;
import dev.runboard.aws.InvocationView;
import dev.runboard.aws.Source;
import dev.runboard.aws.Sources;
import dev.runboard.invocations.OutputRequests.PluginStream;
import dev.runboard.security.OutputAccess;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * One plugin's output beyond what the detail page shows: its whole output read in place
 * from S3 or CloudWatch Logs a chunk at a time (the detail page asks for the first chunk,
 * and each chunk's "Load more" button asks for the next and is replaced by it, so chunks
 * append in order), and each stream as a text file.
 */
@Controller
class InvocationOutputController {

	static final String VIEW_CHUNK = "invocations/output :: chunk";

	private final OutputAccess outputAccess;

	private final Sources sources;

	private final StoredInvocations history;

	InvocationOutputController(OutputAccess outputAccess, Sources sources, StoredInvocations history) {
		this.outputAccess = outputAccess;
		this.sources = sources;
		this.history = history;
	}

	@GetMapping(InvocationLinks.DETAIL + "/output")
	String chunk(OutputRequest request, Source source, Model model) {
		this.outputAccess.require();
		OutputChunk chunk = source.runCommand().readOutput(request);
		InvocationLinks links = new InvocationLinks(request.commandId(), request.instanceId(),
				this.sources.shown(source));
		model.addAttribute("request", request);
		model.addAttribute("chunk", chunk);
		model.addAttribute("moreUrl", chunk.more() ? links.read(request.next(chunk)) : null);
		return VIEW_CHUNK;
	}

	/**
	 * One plugin's output as a text file: the whole output once the invocation is final,
	 * what SSM has so far before that; for an invocation SSM forgot, what the history
	 * store kept.
	 */
	@GetMapping(InvocationLinks.DETAIL + "/output.txt")
	ResponseEntity<String> download(InvocationKey key, PluginStream output, Source source) {
		this.outputAccess.require();
		PluginOutput text;
		try {
			InvocationView invocation = source.runCommand().invocation(key.commandId(), key.instanceId());
			PluginView plugin = invocation.plugin(output.plugin());
			text = invocation.running() ? plugin.output()
					: source.runCommand()
						.wholeOutput(key.commandId(), key.instanceId(), output.plugin())
						.orElse(plugin.output());
		}
		catch (AwsFailure ex) {
			text = this.history.forgotten(ex, source, key.commandId(), key.instanceId())
				.invocation()
				.plugin(output.plugin())
				.output();
		}
		String filename = (key.instanceId() + "-" + output.plugin() + "-" + output.stream() + ".txt")
			.replaceAll("[^A-Za-z0-9._-]", "-");
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(filename).build().toString())
			.body(text.text(output.stream()));
	}

}
