package dev.runboard.commands.actions;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.runboard.aws.Printable;
import dev.runboard.security.ActivityAccess;
import dev.runboard.security.UserSessions;
import dev.runboard.security.ViewName;
import dev.runboard.web.ActionRefused;
import dev.runboard.web.ActionRefused.Reason;
import dev.runboard.web.QueryParameters;
import dev.runboard.web.RendersRows;
import dev.runboard.web.SeeOther;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The activity log: who cancelled or reran what, when, on which nodes, and how it went,
 * on every replica, newest first; filtered by user, command and action, scrolled a page
 * at a time, exported as CSV. Read by users with the operator role or who may read output
 * ({@link ActivityAccess}). Without a store there is no log, and the page says so.
 */
@Controller
class ActivityController {

	static final String VIEW = "commands/activity";

	static final String PATH = "/activity";

	static final String ROWS = PATH + "/rows";

	static final String CSV = PATH + ".csv";

	static final int PAGE_SIZE = 50;

	/** The most rows one export writes. */
	static final int MAX_EXPORT = 10_000;

	private static final Log audit = LogFactory.getLog("runboard.audit");

	static final String SIGN_OUT = PATH + "/sign-out";

	private final ObjectProvider<ActivityLog> log;

	private final ObjectProvider<UserSessions> sessions;

	private final ActivityAccess access;

	private final Clock clock;

	ActivityController(ObjectProvider<ActivityLog> log, ObjectProvider<UserSessions> sessions, ActivityAccess access,
			Clock clock) {
		this.log = log;
		this.sessions = sessions;
		this.access = access;
		this.clock = clock;
	}

	@GetMapping(PATH)
	String page(ActivityFilter filter, Model model) {
		allowed();
		model.addAttribute("viewName", name(filter));
		model.addAttribute("filter", filter);
		model.addAttribute("actions", ActivityFilter.ACTIONS);
		model.addAttribute("shareUrl", filter.link(PATH).toString());
		model.addAttribute("csvUrl", filter.link(CSV).toString());
		model.addAttribute("canEndSessions",
				filter.user() != null && this.sessions.getIfAvailable() != null && this.access.operator());
		ActivityLog log = this.log.getIfAvailable();
		model.addAttribute("stored", log != null);
		model.addAttribute("noStore", NO_STORE);
		if (log != null) {
			addPage(log, filter, ActivityFilter.Cursor.FIRST, model);
		}
		return VIEW;
	}

	@RendersRows(startOver = PATH)
	@GetMapping(ROWS)
	String rows(ActivityFilter filter, ActivityFilter.Cursor cursor, Model model) {
		allowed();
		addPage(stored(), filter, cursor, model);
		return VIEW + " :: rows";
	}

	@GetMapping(CSV)
	void csv(ActivityFilter filter, HttpServletResponse response) throws IOException {
		allowed();
		ActivityLog log = stored();
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"runboard-activity.csv\"");
		Writer out = response.getWriter();
		out.write("requested_at,user,action,source,command_id,nodes,outcome,new_command_ids,error,finished_at\r\n");
		ActivityFilter.Cursor cursor = ActivityFilter.Cursor.FIRST;
		int written = 0;
		Instant now = this.clock.instant();
		while (written < MAX_EXPORT) {
			ActivityLog.Page page = log.page(filter, cursor, PAGE_SIZE, now);
			for (ActivityLog.Entry entry : page.entries()) {
				out.write(String.join(",", cell(entry.requestedAt()), cell(entry.user()), cell(entry.action()),
						cell(entry.source()), cell(entry.commandId()), cell(String.join(" ", entry.nodes())),
						cell(entry.outcome()), cell(String.join(" ", entry.newCommandIds())), cell(entry.error()),
						cell(entry.finishedAt())));
				out.write("\r\n");
				written++;
			}
			if (!page.more() || page.entries().isEmpty()) {
				break;
			}
			cursor = page.entries().get(page.entries().size() - 1).cursor();
		}
		out.flush();
	}

	/**
	 * Signs a user out everywhere: every session of theirs, on every replica, ends. For
	 * operators, with sessions in the store; audited.
	 */
	@PostMapping(SIGN_OUT)
	RedirectView signOutEverywhere(ActivityFilter filter) {
		UserSessions sessions = this.sessions.getIfAvailable();
		if (sessions == null) {
			throw new ActionRefused(Reason.NOT_ENABLED, "Sessions are kept in this replica's memory: a user is "
					+ "signed out everywhere only when sessions are in the store (runboard.sessions.shared).");
		}
		if (!this.access.operator()) {
			throw new ActionRefused(Reason.NOT_ALLOWED,
					"Signing users out is reserved for users with the role " + this.access.operatorRole() + ".");
		}
		String user = QueryParameters.required("user", filter.user(), "the user name to sign out everywhere");
		String operator = SecurityContextHolder.getContext().getAuthentication().getName();
		int ended = sessions.endAll(user);
		audit
			.info("sessions-ended user=" + Printable.of(operator) + " of=" + Printable.of(user) + " sessions=" + ended);
		return SeeOther.to(new ActivityFilter(user, null, null).link(PATH).with("signedOut", ended).toString());
	}

	private void addPage(ActivityLog log, ActivityFilter filter, ActivityFilter.Cursor cursor, Model model) {
		ActivityLog.Page page = log.page(filter, cursor, PAGE_SIZE, this.clock.instant());
		List<ActivityLog.Entry> entries = page.entries();
		model.addAttribute("entries", entries);
		model.addAttribute("firstPage", cursor.first());
		model.addAttribute("nextUrl", page.more()
				? filter.link(ROWS).with("cursor", entries.get(entries.size() - 1).cursor()).toString() : null);
	}

	private ActivityLog stored() {
		ActivityLog log = this.log.getIfAvailable();
		if (log == null) {
			throw new ActionRefused(Reason.NOT_ENABLED, NO_STORE);
		}
		return log;
	}

	static final String NO_STORE = "The activity log is kept in the store: set spring.datasource.url "
			+ "(SPRING_DATASOURCE_URL) to a PostgreSQL database to keep it.";

	private void allowed() {
		if (!this.access.allowed()) {
			throw new ActionRefused(Reason.NOT_ALLOWED, "The activity log is for " + this.access.who() + ".");
		}
	}

	static ViewName name(ActivityFilter filter) {
		StringBuilder name = new StringBuilder("Activity");
		if (filter.action() != null) {
			name.append(" · ").append(filter.action());
		}
		if (filter.user() != null) {
			name.append(" · by ").append(filter.user());
		}
		if (filter.commandId() != null) {
			name.append(" · command ").append(filter.commandId(), 0, 8).append('…');
		}
		return new ViewName(name.toString(),
				"Who cancelled or reran which commands, when, on which nodes, and how it went.");
	}

	/**
	 * A CSV cell: quoted when it must be, and a value a spreadsheet would read as a
	 * formula made text.
	 */
	static String cell(Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
			text = "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
