// Builds everything the pages load into static/dist/ (git-ignored):
//
//   static/dist/app.css                   static/src/scss/app.scss, compiled
//   static/dist/*.js                      static/src/js/*.js (app.js and its modules), copied
//   static/dist/govuk-frontend.min.js     GOV.UK Frontend's ES module bundle
//   static/dist/accessible-autocomplete.min.js  GOV.UK's accessible autocomplete (its styles
//                                         are compiled into app.css)
//   static/dist/assets/images/…           static/src/images/, copied
//
// GOV.UK Frontend's own assets (GDS Transport fonts, crown, crest and GOV.UK
// icons) are GOV.UK branding and are deliberately not copied.
//
// Run with `npm run build` after `npm ci`. Needs nothing but node_modules.

import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as sass from 'sass'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'static', 'src')
const dist = join(root, 'static', 'dist')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const autocomplete = join(root, 'node_modules', 'accessible-autocomplete', 'dist')

rmSync(dist, { recursive: true, force: true })
mkdirSync(join(dist, 'assets', 'images'), { recursive: true })

// Styles. quietDeps hides Dart Sass's deprecation warnings about GOV.UK
// Frontend 5's own Sass (@import, slash-div, …); warnings about ours still show.
const css = sass.compile(join(src, 'scss', 'app.scss'), {
  style: 'compressed',
  sourceMap: true,
  sourceMapIncludeSources: true,
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true
})
if (/GDS Transport/.test(css.css)) {
  throw new Error('app.css still names GDS Transport: check $govuk-font-family in app.scss')
}
writeFileSync(join(dist, 'app.css'), `${css.css}\n/*# sourceMappingURL=app.css.map */\n`)
writeFileSync(join(dist, 'app.css.map'), JSON.stringify(css.sourceMap))

// Scripts.
cpSync(join(src, 'js'), dist, { recursive: true })
for (const name of ['govuk-frontend.min.js', 'govuk-frontend.min.js.map']) {
  cpSync(join(govuk, name), join(dist, name))
}
for (const name of ['accessible-autocomplete.min.js', 'accessible-autocomplete.min.js.map']) {
  cpSync(join(autocomplete, name), join(dist, name))
}

// Our own images (favicon).
cpSync(join(src, 'images'), join(dist, 'assets', 'images'), { recursive: true })

const listing = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => `  ${relative(root, path)} (${statSync(path).size} bytes)`)
console.log(`Built static/dist/:\n${listing(dist).join('\n')}`)
