// Builds moodle-plugin/amd/src/*.js into amd/build/*.min.js (+ .map) as
// Moodle's grunt does: ES module -> named AMD module, minified.
// Run through tools/build-amd.sh, which installs the pinned tools.
//   node tools/build-amd.mjs <plugin dir> <out dir>
import {readdirSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs';
import {join, basename} from 'node:path';
import {createRequire} from 'node:module';

const require = createRequire(process.env.MIH_AMD_TOOLS + '/');
const babel = require('@babel/core');
const {minify} = require('terser');

const [plugindir, outdir] = process.argv.slice(2);
const component = 'local_integrationhub';
mkdirSync(outdir, {recursive: true});
for (const file of readdirSync(join(plugindir, 'amd/src')).filter((f) => f.endsWith('.js')).sort()) {
    const name = basename(file, '.js');
    const source = readFileSync(join(plugindir, 'amd/src', file), 'utf8');
    const amd = babel.transformSync(source, {
        filename: `${component}/amd/src/${file}`,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        moduleIds: true,
        getModuleId: () => `${component}/${name}`,
        plugins: [require.resolve('@babel/plugin-transform-modules-amd')],
    });
    const min = await minify(amd.code, {
        sourceMap: {content: amd.map, url: `${name}.min.js.map`},
        format: {comments: false},
    });
    writeFileSync(join(outdir, `${name}.min.js`), min.code);
    writeFileSync(join(outdir, `${name}.min.js.map`), min.map);
}
