// Loaded without defer in <head>, before the stylesheet: the theme a user chose applies
// before the first paint, so a page opened at night never flashes light. Without a stored
// choice the stylesheet follows prefers-color-scheme. The class "js" lets the stylesheet
// fold what only the app's script can unfold.
(function () {
	var root = document.documentElement;
	root.classList.add('js');
	try {
		var theme = window.localStorage.getItem('runboard.theme');
		if (theme === 'dark' || theme === 'light') {
			root.setAttribute('data-theme', theme);
		}
	}
	catch (e) {
		// Storage blocked (private mode, policy): the system's preference decides.
	}
})();
