/**
 * The one stylesheet (served at STYLESHEET_PATH). Mobile first: readable at 320 px with no
 * horizontal scrolling (long addresses wrap), WCAG 2.2 AA contrast (text 16:1, links and
 * buttons over 4.5:1), a visible focus ring on everything that takes focus, 44 px targets.
 */
export const STYLESHEET_PATH = '/assets/tend.css';

export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
a{color:#0a4f9c}
a:hover{color:#06325f}
:focus-visible{outline:3px solid #b3470b;outline-offset:2px}
.skip{position:absolute;left:-999rem}
.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:1}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.site{background:#163a2b;color:#fff;padding:.5rem 1rem}
header.site a,header.site button.link{color:#fff}
.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;max-width:56rem;margin:0 auto}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none;margin-right:auto}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
nav a{display:inline-block;padding:.5rem 0;min-height:44px}
nav a.current{font-weight:700;text-decoration-thickness:3px}
main{max-width:56rem;margin:0 auto;padding:1rem}
footer.site{max-width:56rem;margin:2rem auto 0;padding:1rem;border-top:1px solid #767676;color:#4a4a4a}
h1{font-size:1.6rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:0}
ul.items{list-style:none;margin:0;padding:0}
ul.items>li{border:1px solid #767676;border-radius:.5rem;padding:.75rem;margin:0 0 .75rem}
.meta{color:#4a4a4a;margin:.25rem 0}
.tag{display:inline-block;border:1px solid #767676;border-radius:1rem;padding:0 .5rem;margin:0 .25rem .25rem 0;font-size:.9rem}
form.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.5rem}
button,select,input,textarea{font:inherit;min-height:44px}
button{background:#163a2b;color:#fff;border:2px solid #163a2b;border-radius:.375rem;padding:.4rem .9rem;cursor:pointer}
button.secondary{background:#fff;color:#163a2b}
button.link{background:none;border:none;padding:.5rem 0;text-decoration:underline;color:#0a4f9c}
select,input,textarea{border:1px solid #5a5a5a;border-radius:.375rem;padding:.4rem .5rem;background:#fff;color:#1a1a1a;max-width:100%}
textarea{width:100%;min-height:5rem}
.field{display:flex;flex-direction:column;gap:.25rem;margin:0 0 .75rem}
.field input,.field select{width:100%}
.hint{color:#4a4a4a;font-size:.9rem}
.inline{display:inline-flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem;align-items:end}
.flash{border-left:.4rem solid #163a2b;background:#eef5f0;padding:.5rem 1rem;margin:0 0 1rem}
.flash.error{border-color:#a4161a;background:#fbeaea}
.pages{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1rem 0}
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline>li{border-left:3px solid #767676;padding:.25rem 0 .75rem .75rem}
dl.facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.25rem 1rem;margin:0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
`;
