package dev.runboard.commands.actions;

import dev.runboard.testing.RunboardTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /activity} without a store (the {@code aws} source without a datasource): it
 * says that the log needs one; who may read it and what its links may say hold all the
 * same.
 */
@RunboardTest
class ActivityPageTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	@WithMockUser(roles = { "USER", "OUTPUT" })
	void withoutAStoreThePageSaysTheLogNeedsOne() {
		assertThat(this.mvc.get().uri("/activity")).hasStatusOk()
			.bodyText()
			.contains("data-activity-off")
			.contains("SPRING_DATASOURCE_URL")
			.doesNotContain("data-activity=");
		assertThat(this.mvc.get().uri("/activity/rows").header("HX-Request", "true")).hasStatus(404);
		assertThat(this.mvc.get().uri("/activity.csv")).hasStatus(404);
	}

	@Test
	@WithMockUser(roles = { "USER", "OPERATOR" })
	void operatorsReadItAndFindItInTheNavigation() {
		assertThat(this.mvc.get().uri("/activity")).hasStatusOk().bodyText().contains("data-nav=\"activity\"");
	}

	@Test
	@WithMockUser(roles = "USER")
	void usersWithNeitherTheOperatorNorTheOutputRoleAreRefusedAndNotShownTheLink() {
		assertThat(this.mvc.get().uri("/activity")).hasStatus(403)
			.bodyText()
			.contains("OPERATOR")
			.contains("OUTPUT")
			.contains("<nav")
			.doesNotContain("data-nav=\"activity\"");
	}

	@Test
	@WithMockUser(roles = { "USER", "OUTPUT" })
	void aFilterItCannotUseIsA400NamingTheParameter() {
		assertThat(this.mvc.get().uri("/activity?action=explode")).hasStatus(400).bodyText().contains("action: ");
		assertThat(this.mvc.get().uri("/activity?commandId=nope")).hasStatus(400).bodyText().contains("commandId: ");
		assertThat(this.mvc.get().uri("/activity/rows?cursor=yesterday").header("HX-Request", "true")).hasStatus(400)
			.bodyText()
			.contains("cursor: ");
	}

}
