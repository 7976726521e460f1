package dev.runboard.web;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Links that leave the browser, such as the one in a summary copied into chat, made
 * absolute: from {@code runboard.public-url} when it is set, else from the scheme, host
 * and context path of the request being answered (behind a proxy, as its
 * {@code X-Forwarded-*} headers say when it is trusted: {@code server.tomcat.remoteip}).
 */
@Component
public class PublicLinks {

	private final String base;

	PublicLinks(PublicUrlProperties properties) {
		this.base = (properties.publicUrl() != null) ? properties.publicUrl().toString() : null;
	}

	/**
	 * @param link a link relative to the application ({@link Link})
	 * @return the absolute URL of that link
	 */
	public String absolute(String link) {
		String base = (this.base != null) ? this.base
				: ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
		return base + link;
	}

}
