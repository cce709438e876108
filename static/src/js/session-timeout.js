// Inactivity warning. The server ends a session SESSION_IDLE_TIMEOUT_MINUTES after its last
// request; this opens the <dialog> in accounts/_session_timeout_dialog.html a few minutes
// before, so that people can stay signed in instead of losing their work. It only warns:
// the timeout itself is the server's.

function describe (milliseconds) {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000))
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return minutes === 1 ? '1 minute' : `${minutes} minutes`
  }
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}

export function initSessionTimeout (dialog) {
  if (!dialog || typeof dialog.showModal !== 'function') return

  const idle = Number(dialog.dataset.idleMinutes) * 60 * 1000
  const warning = Math.min(Number(dialog.dataset.warningMinutes) * 60 * 1000, idle)
  const countdown = dialog.querySelector('[data-timeout-countdown]')
  const announcement = dialog.querySelector('[data-timeout-announcement]')
  const stayButton = dialog.querySelector('[data-timeout-stay]')
  let deadline = 0
  let timers = []
  let lastAnnounced = ''

  const clear = () => {
    timers.forEach((timer) => clearTimeout(timer))
    timers = []
  }

  const signOut = () => {
    clear()
    window.location.assign(dialog.dataset.signedOutUrl)
  }

  const tick = () => {
    const left = deadline - Date.now()
    if (left <= 0) return signOut()
    const words = describe(left)
    countdown.textContent = words
    // Screen readers hear the time left once a minute and in the last 20 seconds, not every second.
    const spoken = left > 60 * 1000 ? words : left > 20 * 1000 ? '1 minute' : words
    if (spoken !== lastAnnounced) {
      announcement.textContent = `You will be signed out in ${spoken}.`
      lastAnnounced = spoken
    }
    timers.push(setTimeout(tick, 1000))
  }

  const warn = () => {
    lastAnnounced = ''
    if (!dialog.open) dialog.showModal()
    stayButton.focus()
    tick()
  }

  const schedule = () => {
    clear()
    deadline = Date.now() + idle
    timers.push(setTimeout(warn, idle - warning))
  }

  const stay = async () => {
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'manual'
      })
      // 204 only while the session is alive; an ended one answers with a redirect to sign in.
      if (response.status !== 204) return signOut()
    } catch {
      return signOut()
    }
    if (dialog.open) dialog.close()
    announcement.textContent = ''
    schedule()
  }

  stayButton.addEventListener('click', stay)
  dialog.addEventListener('cancel', (event) => {
    // Escape means "not now": treat it as staying signed in.
    event.preventDefault()
    stay()
  })
  schedule()
}
