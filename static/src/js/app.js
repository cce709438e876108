// SCR Tracker's entry script. It enhances server-rendered pages and nothing
// needs it to work. It is an external ES module so that the Content Security
// Policy can forbid inline scripts: it does the job of GOV.UK Frontend's usual
// inline `document.body.className += ' js-enabled …'` snippet, then starts
// every GOV.UK Frontend component on the page, and the inactivity warning.
//
// A browser that runs a module script supports GOV.UK Frontend, so both classes
// are set together.

import { initAll } from './govuk-frontend.min.js'
import { initSessionTimeout } from './session-timeout.js'
import { initJobProgress } from './job-progress.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
initSessionTimeout(document.querySelector('[data-module="app-session-timeout"]'))
initJobProgress(document.querySelector('[data-module="app-job-progress"]'))

// Long pickers become autocompletes (autocomplete.js); fetched only where there is one.
if (document.querySelector('select[data-module="app-autocomplete"]')) {
  import('./autocomplete.js').then(({ initAutocompletes }) => initAutocompletes())
}
