// Builds the front end into static/build (not committed): compiles the SCSS with sass and copies
// GOV.UK Frontend's JavaScript and the portal's own JS and images. Run with `npm run build`.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "static", "build");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "static", "src", "scss", "portal.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions"],
});
if (result.css.includes("GDS Transport")) {
  throw new Error("The compiled CSS names GDS Transport, which belongs to GOV.UK alone");
}
// GOV.UK's own assets (crest, crown, fonts) are not shipped; a reference to one would break
// production's collectstatic, and they belong to GOV.UK alone.
if (/url\([^)]*govuk\/assets/.test(result.css)) {
  throw new Error("The compiled CSS refers to GOV.UK Frontend's assets, which the portal does not ship");
}
writeFileSync(join(out, "css", "portal.css"), result.css);
// The admin's own additions (target sizes, lists that fit), loaded after Django's admin CSS.
const admin = sass.compile(join(root, "static", "src", "scss", "admin.scss"), { style: "compressed" });
writeFileSync(join(out, "css", "admin.css"), admin.css);

const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
cpSync(join(root, "static", "src", "js"), join(out, "js"), { recursive: true });
cpSync(join(root, "static", "src", "images"), join(out, "images"), { recursive: true });
// The faces of Gujarati, Gurmukhi and Urdu, from Debian's fonts-noto-core (.ci/run installs it),
// served by the portal itself (static/src/scss/_fonts.scss); never a CDN.
const noto = "/usr/share/fonts/truetype/noto";
mkdirSync(join(out, "fonts"), { recursive: true });
for (const family of ["NotoSansGujarati", "NotoSansGurmukhi", "NotoNastaliqUrdu"]) {
  for (const style of ["Regular", "Bold"]) {
    const file = `${family}-${style}.ttf`;
    if (!existsSync(join(noto, file))) {
      throw new Error(`${join(noto, file)} is missing: install Debian's fonts-noto-core`);
    }
    cpSync(join(noto, file), join(out, "fonts", file));
  }
}
console.log(`Built ${out}`);
