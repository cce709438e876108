// A background job's page (scr_tracker/jobs/): without JavaScript, "Check progress" reloads
// it. With it, the page asks again every few seconds and updates the progress in place; once
// the job is finished (or failed) it loads the page again, which then offers the file. It stops
// asking after half an hour, so that an open tab does not keep the session alive for ever.

const EVERY = 3000
const GIVE_UP_AFTER = 30 * 60 * 1000

export function initJobProgress (region) {
  if (!region || !window.fetch || !window.DOMParser) return
  const started = Date.now()

  const check = async () => {
    if (Date.now() - started > GIVE_UP_AFTER) return
    let fresh
    try {
      const response = await fetch(window.location.href, { credentials: 'same-origin' })
      if (!response.ok) return
      const page = new DOMParser().parseFromString(await response.text(), 'text/html')
      fresh = page.querySelector('[data-module="app-job-progress"]')
    } catch (error) {
      setTimeout(check, EVERY)
      return
    }
    if (!fresh || fresh.dataset.jobState !== region.dataset.jobState) {
      window.location.reload()
      return
    }
    region.replaceChildren(...fresh.childNodes)
    setTimeout(check, EVERY)
  }
  setTimeout(check, EVERY)
}
