// kleur and picocolors: small colour libraries (forced on and off).
process.env.FORCE_COLOR = '1';
const kleur = require('kleur');
const pc = require('picocolors');
console.log(JSON.stringify(kleur.red().bold('kleur') + kleur.bgBlue(kleur.white('nested'))));
kleur.enabled = false;
console.log(kleur.red('off'));
console.log(pc.isColorSupported, JSON.stringify(pc.green(pc.bold('pico')) + pc.dim('dim')));
const off = pc.createColors(false);
console.log(off.red('plain'), Object.keys(pc).length > 10);
