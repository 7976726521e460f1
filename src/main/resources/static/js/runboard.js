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
	navigator.clipboard.writeText(source.textContent.trim()).then(() => {
		const label = button.textContent;
		button.textContent = 'Copied';
		setTimeout(() => { button.textContent = label; }, 1500);
	});
});

// htmx requests other than GET carry the CSRF token from the page's meta tags.
document.addEventListener('htmx:configRequest', (event) => {
	const token = document.querySelector('meta[name="_csrf"]');
	const header = document.querySelector('meta[name="_csrf_header"]');
	if (token && header && event.detail.verb !== 'get') {
		event.detail.headers[header.content] = token.content;
	}
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

// htmx puts HTML into the page and nothing else: an answer of any other type (a JSON
// export, a text download, which carry raw command output) is never swapped in, whatever
// URL asked for it.
document.addEventListener('htmx:beforeSwap', (event) => {
	const type = event.detail.xhr.getResponseHeader('Content-Type') || '';
	if (!/^text\/html(;|$)/i.test(type.trim())) {
		event.detail.shouldSwap = false;
	}
});
