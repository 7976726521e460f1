// Says on a copy button that it copied, for a moment.
function copied(button) {
	// The label from before the first click: a second click within the pause must not
	// take 'Copied' for it.
	button.dataset.label ??= button.textContent;
	button.textContent = 'Copied';
	setTimeout(() => { button.textContent = button.dataset.label; }, 1500);
}

// Copy buttons: <button data-copy="#element-id"> copies that element's text.
document.addEventListener('click', (event) => {
	const button = event.target.closest('[data-copy]');
	if (!button) {
		return;
	}
	const source = document.querySelector(button.dataset.copy);
	if (!source || !navigator.clipboard) {
		return;
	}
	navigator.clipboard.writeText(source.textContent.trim()).then(() => copied(button));
});

// Copy for chat: <button data-copy-summary="markdown|text"> copies the summary the server
// wrote into the textarea of that form beside it. The clipboard needs a secure context
// (HTTPS, or localhost): elsewhere, or when the browser refuses, the text is shown,
// selected, to copy by hand.
function showSummary(box, form) {
	box.querySelectorAll('[data-summary-box]').forEach((label) => {
		label.hidden = label.dataset.summaryBox !== form;
	});
	const text = box.querySelector('[data-summary="' + form + '"]');
	text.focus();
	text.select();
}

document.addEventListener('click', (event) => {
	const button = event.target.closest('[data-copy-summary]');
	const box = button && button.closest('[data-chat-summary]');
	const form = button && button.dataset.copySummary;
	const text = box && box.querySelector('[data-summary="' + form + '"]');
	if (!text) {
		return;
	}
	if (!navigator.clipboard || !navigator.clipboard.writeText) {
		showSummary(box, form);
		return;
	}
	navigator.clipboard.writeText(text.value).then(() => copied(button), () => showSummary(box, form));
});

// Output viewer toggles: <button data-toggle="name"> switches that class on its viewer.
document.addEventListener('click', (event) => {
	const button = event.target.closest('[data-toggle]');
	const viewer = button && button.closest('[data-viewer]');
	if (!viewer) {
		return;
	}
	const on = viewer.classList.toggle(button.dataset.toggle);
	button.setAttribute('aria-pressed', String(on));
});

// The theme toggle: theme.js applied a stored choice before the first paint; this stores a
// new one and keeps the button's name in step with the theme that shows ("Theme: dark").
const THEME_KEY = 'runboard.theme';
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

function shownTheme() {
	return document.documentElement.dataset.theme || (systemDark.matches ? 'dark' : 'light');
}

function syncThemeToggles() {
	const theme = shownTheme();
	document.querySelectorAll('[data-theme-toggle]').forEach((button) => {
		button.textContent = 'Theme: ' + theme;
		button.dataset.themeShown = theme;
	});
}

document.addEventListener('click', (event) => {
	if (!event.target.closest('[data-theme-toggle]')) {
		return;
	}
	const theme = (shownTheme() === 'dark') ? 'light' : 'dark';
	document.documentElement.dataset.theme = theme;
	try {
		localStorage.setItem(THEME_KEY, theme);
	}
	catch (e) {
		// Storage blocked: the choice holds for this page only.
	}
	syncThemeToggles();
});
systemDark.addEventListener('change', syncThemeToggles);

// Output blocks of the invocations table come folded, showing their telling line. The
// "Unfold failed output" button unfolds those of failed rows, here and on every page after,
// until it is pressed again: the choice is kept under runboard.output (a preference, never
// any output).
const OUTPUT_KEY = 'runboard.output';

function failedOutputUnfolded() {
	try {
		return localStorage.getItem(OUTPUT_KEY) === 'unfolded';
	}
	catch (e) {
		return false;
	}
}

function applyOutputChoice(root) {
	const unfolded = failedOutputUnfolded();
	document.querySelectorAll('[data-output-fold]').forEach((button) => {
		button.setAttribute('aria-pressed', String(unfolded));
	});
	if (unfolded) {
		root.querySelectorAll('tr.problem details[data-output-block]').forEach((details) => {
			details.open = true;
		});
	}
}

document.addEventListener('click', (event) => {
	if (!event.target.closest('[data-output-fold]')) {
		return;
	}
	const unfolded = !failedOutputUnfolded();
	try {
		localStorage.setItem(OUTPUT_KEY, unfolded ? 'unfolded' : 'folded');
	}
	catch (e) {
		// Storage blocked: the choice holds for this page only.
	}
	document.querySelectorAll('tr.problem details[data-output-block]').forEach((details) => {
		details.open = unfolded;
	});
	applyOutputChoice(document);
});
// Rows a scroll page, a filter change or a refresh brings in follow the choice too.
document.addEventListener('htmx:load', (event) => {
	if (event.detail && event.detail.elt instanceof Element) {
		applyOutputChoice(event.detail.elt);
	}
});

// Relative ages ("5 min ago") beside every <time data-age>, computed from its datetime so
// they stay true on a page left open all night, in the server's wording (web/Formats).
function ageText(instant, now) {
	const seconds = Math.floor((now - instant) / 1000);
	if (seconds < 45) {
		return 'just now';
	}
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return Math.max(1, minutes) + ' min ago';
	}
	const hours = Math.floor(minutes / 60);
	if (hours < 48) {
		return hours + ' h ago';
	}
	return Math.floor(hours / 24) + ' d ago';
}

function refreshAges() {
	const now = Date.now();
	document.querySelectorAll('time[data-age][datetime]').forEach((time) => {
		const instant = Date.parse(time.getAttribute('datetime'));
		if (Number.isNaN(instant)) {
			return;
		}
		let age = time.querySelector('.age');
		if (!age) {
			age = document.createElement('small');
			age.className = 'age';
			time.append(' ', age);
		}
		const text = ageText(instant, now);
		if (age.textContent !== text) {
			age.textContent = text;
		}
	});
}

// What still changes carries data-running, as the server decides (InvocationView.running):
// rows, the detail section and the command summary, which poll until it is gone.
// The title says what is live, so a background tab tells something: "(3 running) …".
function runningOnPage() {
	return document.querySelectorAll('#invocations tr[data-running], #commands tr[data-running]').length;
}

// A list view names itself after its filter (data-view-title, written by the server on
// the results a filter change swaps in); other pages keep the title they came with.
function refreshTitle() {
	const named = document.querySelector('[data-view-title]');
	const base = named ? named.dataset.viewTitle : document.title.replace(/^\((\d+ )?running\) /, '');
	const rows = runningOnPage();
	const page = document.querySelector('#live[data-status], #summary[data-status]');
	let prefix = '';
	if (rows > 0) {
		prefix = '(' + rows + ' running) ';
	}
	else if (page && page.hasAttribute('data-running')) {
		prefix = '(running) ';
	}
	if (document.title !== prefix + base) {
		document.title = prefix + base;
	}
}

// Parts of the page that poll (rows, the detail section, the command summary) are
// announced once, politely, when they turn final; a poll that changes nothing says nothing.
const wasRunning = new Map();

function statusKey(element) {
	if (element.id === 'summary') {
		const page = document.querySelector('[data-command-page]');
		return 'command ' + (page ? page.dataset.commandId : '');
	}
	if (element.closest('#commands')) {
		return 'command ' + element.dataset.commandId;
	}
	return element.dataset.commandId + '/' + element.dataset.instanceId;
}

function announceFinished() {
	const finished = [];
	document.querySelectorAll('[data-status][data-subject]').forEach((element) => {
		const key = statusKey(element);
		const running = element.hasAttribute('data-running');
		if (wasRunning.get(key) && !running) {
			finished.push(element.dataset.subject.trim() + ': ' + element.dataset.status);
		}
		wasRunning.set(key, running);
	});
	const region = document.querySelector('[data-announcements]');
	if (finished.length === 0 || !region) {
		return;
	}
	const shown = finished.slice(0, 5);
	if (finished.length > shown.length) {
		shown.push('and ' + (finished.length - shown.length) + ' more');
	}
	region.textContent = 'Finished: ' + shown.join('; ') + '.';
}

// The filters: on phones they fold behind one button that counts the active ones (a
// field changed from its first, unfiltered choice); "/" opens them and focuses the first.
function activeFilters(form) {
	return Array.from(form.elements).filter((field) => {
		if (field.tagName === 'SELECT') {
			return field.selectedIndex > 0;
		}
		return field.tagName === 'INPUT' && field.type === 'text' && field.value.trim() !== '';
	}).length;
}

function refreshFilterToggles() {
	document.querySelectorAll('[data-filters-toggle]').forEach((button) => {
		const form = document.getElementById(button.getAttribute('aria-controls'));
		const count = button.querySelector('[data-filter-count]');
		if (form && count) {
			const active = activeFilters(form);
			count.textContent = (active === 0) ? '(none active)' : '(' + active + ' active)';
		}
	});
}

function unfoldFilters(form, unfolded) {
	form.classList.toggle('unfolded', unfolded);
	document.querySelectorAll('[data-filters-toggle][aria-controls="' + form.id + '"]').forEach((button) => {
		button.setAttribute('aria-expanded', String(unfolded));
	});
}

document.addEventListener('click', (event) => {
	const button = event.target.closest('[data-filters-toggle]');
	const form = button && document.getElementById(button.getAttribute('aria-controls'));
	if (form) {
		unfoldFilters(form, button.getAttribute('aria-expanded') !== 'true');
	}
});
document.addEventListener('change', refreshFilterToggles);
document.addEventListener('input', refreshFilterToggles);

document.addEventListener('keydown', (event) => {
	if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
		return;
	}
	const target = event.target;
	if (target instanceof Element && target.closest('input, textarea, select, [contenteditable]')) {
		return;
	}
	const form = document.getElementById('filters');
	const field = form && form.querySelector('select, input:not([type="hidden"])');
	if (!field) {
		return;
	}
	event.preventDefault();
	unfoldFilters(form, true);
	field.focus();
});

// Once when the page is ready, after every htmx swap, every 15 seconds for the ages, and
// when a tab that the browser throttled in the background shows again.
function refreshLiveParts() {
	refreshAges();
	refreshTitle();
	announceFinished();
}

document.addEventListener('DOMContentLoaded', () => {
	syncThemeToggles();
	applyOutputChoice(document);
	refreshFilterToggles();
	refreshLiveParts();
});
// htmx signals a settle once per element a swap inserts (a scroll page inserts some
// fifty rows): the page is gone over once, after the last of them.
let liveRefreshQueued = false;
document.addEventListener('htmx:afterSettle', () => {
	if (!liveRefreshQueued) {
		liveRefreshQueued = true;
		queueMicrotask(() => {
			liveRefreshQueued = false;
			refreshLiveParts();
		});
	}
});
document.addEventListener('visibilitychange', () => {
	if (document.visibilityState === 'visible') {
		refreshAges();
	}
});
setInterval(refreshAges, 15000);

// htmx puts HTML into the page and nothing else: an answer of any other type (a JSON
// export, a text download, which carry raw command output) is never swapped in, whatever
// URL asked for it.
document.addEventListener('htmx:beforeSwap', (event) => {
	const type = event.detail.xhr.getResponseHeader('Content-Type') || '';
	if (!/^text\/html(;|$)/i.test(type.trim())) {
		event.detail.shouldSwap = false;
	}
});
