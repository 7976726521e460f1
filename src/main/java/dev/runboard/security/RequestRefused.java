package dev.runboard.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Spring Security refused a request before any handler saw it, such as a form posted
 * without a valid CSRF token: published so that a feature can audit refusals of its own
 * addresses in its own terms.
 *
 * @param request the request refused
 * @param user who was signed in, or {@code null}
 * @param reason why, in a few words
 */
public record RequestRefused(HttpServletRequest request, String user, String reason) {

}
