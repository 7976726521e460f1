package dev.runboard.web;

import java.util.List;

import dev.runboard.testing.RunboardTest;
import dev.runboard.testing.RunboardTest.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Every page view and every sign-in leaves one line on the {@code runboard.audit} logger:
 * who, what, with which filters, and how it ended.
 */
@RunboardTest(Setup.SANDBOX)
@ExtendWith(OutputCaptureExtension.class)
class AuditLogTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void pageViewLogsUserPathFiltersAndStatus(CapturedOutput output) {
		MockHttpSession session = signIn("demo", "demo");
		assertThat(this.mvc.get().uri("/invocations?status=Failed&document=AWS-RunShellScript").session(session))
			.hasStatusOk();
		assertThat(auditLines(output, "view ")).anySatisfy((line) -> assertThat(line).contains("user=demo")
			.contains("method=GET")
			.contains("path=/invocations ")
			.contains("filters=status=Failed&document=AWS-RunShellScript")
			.contains("status=200"));
	}

	@Test
	void refusedRequestLogsItsStatus(CapturedOutput output) {
		MockHttpSession session = signIn("demo", "demo");
		assertThat(this.mvc.get().uri("/commands?executionStage=Sideways").session(session)).hasStatus(400);
		assertThat(auditLines(output, "view ")).anySatisfy((line) -> assertThat(line).contains("user=demo")
			.contains("path=/commands ")
			.contains("filters=executionStage=Sideways")
			.contains("status=400"));
	}

	@Test
	void fragmentViewsAreLoggedToo(CapturedOutput output) {
		MockHttpSession session = signIn("demo", "demo");
		assertThat(this.mvc.get().uri("/invocations/rows?pageSize=5").header("HX-Request", "true").session(session))
			.hasStatusOk();
		assertThat(auditLines(output, "view ")).anySatisfy((line) -> assertThat(line).contains("user=demo")
			.contains("path=/invocations/rows ")
			.contains("filters=pageSize=5")
			.contains("status=200"));
	}

	@Test
	void signInLogsTheOutcome(CapturedOutput output) {
		signIn("demo", "demo");
		this.mvc.post().uri("/login").param("username", "demo").param("password", "wrong").with(csrf()).exchange();
		List<String> signIns = auditLines(output, "sign-in ");
		assertThat(signIns).anySatisfy((line) -> assertThat(line).contains("user=demo outcome=success"));
		assertThat(signIns).anySatisfy((line) -> assertThat(line).contains("user=demo outcome=failure")
			.contains("reason=BadCredentialsException"));
		assertThat(signIns).noneSatisfy((line) -> assertThat(line).contains("password").contains("wrong"));
	}

	@Test
	void typedValuesCannotForgeAuditLines(CapturedOutput output) {
		this.mvc.post()
			.uri("/login")
			.param("username", "eve\r\n2026-11-20T12:00:00Z  INFO runboard.audit : sign-in user=admin outcome=success")
			.param("password", "x")
			.with(csrf())
			.exchange();
		assertThat(output.getOut().lines()).noneMatch((line) -> line.contains("sign-in user=admin"));
		assertThat(auditLines(output, "sign-in ")).anySatisfy((line) -> assertThat(line)
			.startsWith("sign-in user=eve??2026-11-20T12:00:00Z??INFO?runboard.audit?:?sign-in?user=admin"));
	}

	/**
	 * Java's {@code \\p{Cntrl}} and {@code \\s} are ASCII-only: NEL, the line and
	 * paragraph separators and the bidirectional controls pass them, and log viewers
	 * break lines at the first three and reorder what they show at the others.
	 */
	@Test
	void unicodeLineBreaksAndBidiControlsCannotForgeLogLines(CapturedOutput output) {
		String forged = "2026-11-20T12:00:00Z  INFO runboard.audit : sign-in user=admin outcome=success";
		List<String> separators = List.of("\u2028", "\u2029", "\u0085", "\u202E", "\u2066", "\u200F", "\u000B");
		for (String separator : separators) {
			this.mvc.post()
				.uri("/login")
				.param("username", "mallory" + separator + forged)
				.param("password", "x")
				.with(csrf())
				.exchange();
		}
		List<String> lines = List.of(output.getOut().split("\\R"));
		assertThat(lines).as("lines, as any viewer breaks them")
			.noneMatch((line) -> line.contains("sign-in user=admin"))
			.filteredOn((line) -> line.contains("mallory"))
			.hasSize(separators.size())
			.allMatch((line) -> line.codePoints()
				.noneMatch((c) -> Character.getType(c) == Character.FORMAT || Character.isISOControl(c)));
		assertThat(auditLines(output, "sign-in user=mallory")).hasSize(separators.size())
			.allSatisfy((line) -> assertThat(line).startsWith("sign-in user=mallory?2026-11-20T12:00:00Z??INFO?"));
	}

	@Test
	void passwordsNeverReachTheLog(CapturedOutput output) {
		signIn("demo", "demo");
		this.mvc.post()
			.uri("/login")
			.param("username", "demo")
			.param("password", "Sup3r-Secret-Typo")
			.with(csrf())
			.exchange();
		assertThat(output.getAll()).doesNotContain("Sup3r-Secret-Typo");
	}

	private MockHttpSession signIn(String username, String password) {
		MvcTestResult result = this.mvc.post()
			.uri("/login")
			.param("username", username)
			.param("password", password)
			.with(csrf())
			.exchange();
		assertThat(result).hasStatus(302).hasRedirectedUrl("/");
		return (MockHttpSession) result.getRequest().getSession(false);
	}

	/** Lines of the audit logger whose message starts with {@code kind}. */
	private static List<String> auditLines(CapturedOutput output, String kind) {
		return output.getOut().lines().filter((line) -> line.contains(" runboard.audit ")).map((line) -> {
			int message = line.indexOf(" : ");
			return (message >= 0) ? line.substring(message + 3) : line;
		}).filter((message) -> message.startsWith(kind)).toList();
	}

}
