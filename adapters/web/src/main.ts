// One page, two applications: the operator console at /console, the storefront everywhere else.
// Each is its own chunk, so a shopper's browser never loads the console's code.
if (location.pathname === '/console') {
  document.title = 'paysaga console';
  void import('./console/main.js');
} else {
  document.title = 'paysaga shop';
  void import('./storefront/main.js');
}
