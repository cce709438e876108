// Long pickers (a partnership's reviews, its people) as GOV.UK's accessible autocomplete
// (the accessible-autocomplete package, alphagov): type a few letters of a review's
// reference or title instead of scrolling hundreds of options. It enhances a plain
// <select data-module="app-autocomplete">, which the server renders whole and which works
// as it is without JavaScript; the select stays in the form (hidden) and is what is sent.
//
// Loaded by app.js only on pages that have such a select.

import './accessible-autocomplete.min.js'

const EMPTY = ''

// What an option reads as in the box: its text, and its group's label when the select
// groups its options (a lead officer under their agency: "Sam Jones (Police)").
function label (option) {
  const group = option.parentElement
  return group && group.tagName === 'OPTGROUP' ? `${option.text} (${group.label})` : option.text
}

function enhance (select) {
  if (select.dataset.autocompleteEnhanced) return
  select.dataset.autocompleteEnhanced = 'true'
  // The autocomplete's box takes the select's id (so its <label> names the box) and the
  // select becomes "<id>-select".
  const id = select.id
  // The empty option ("Any review") is how the select says "no choice": offer the real
  // options only, start the box empty when nothing is chosen, and choose nothing again
  // when the box is cleared.
  const empty = Array.from(select.options).find((option) => option.value === EMPTY)
  const chosen = select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    defaultValue: chosen && chosen.value !== EMPTY ? label(chosen) : '',
    showAllValues: true,
    dropdownArrow: () => '',
    placeholder: '',
    minLength: 0,
    displayMenu: 'overlay',
    // Leaving the box never picks a suggestion by itself (with every option shown, that
    // would be whichever came first): a person picks one, or the box says nothing.
    confirmOnBlur: false,
    tNoResults: () => 'No matches: check the spelling, or clear the box',
    source: (query, populateResults) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean)
      populateResults(
        Array.from(select.options)
          .filter((option) => option.value !== EMPTY)
          .map(label)
          .filter((text) => words.every((word) => text.toLowerCase().includes(word)))
      )
    },
    onConfirm: (text) => {
      const match = Array.from(select.options).find((option) => label(option) === text)
      if (match) select.value = match.value
    }
  })
  // What is sent is the select: when the form is sent, make it say what the box says. A
  // cleared box chooses no review; words that name no option choose none either (the page
  // that comes back shows the box empty), never the option chosen before.
  if (!select.form || !empty) return
  select.form.addEventListener('submit', () => {
    const input = document.getElementById(id)
    if (!input) return
    const text = input.value.trim()
    const match = Array.from(select.options).find((option) => label(option) === text)
    select.value = match && text !== '' ? match.value : EMPTY
  })
}

export function initAutocompletes (root = document) {
  root.querySelectorAll('select[data-module="app-autocomplete"]').forEach(enhance)
}
