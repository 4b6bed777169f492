// Placeholder: the page works without it (searchd renders every route);
// the real script, written beside the page, replaces this file.
"use strict";
