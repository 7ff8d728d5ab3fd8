// reveal.js starts once every figure has drawn: until then the slides are laid out (hidden), so that
// plotly.js measures its text and legends as on the page; afterwards reveal.js hides all but one.
(() => {
  const root = document.querySelector(".reveal");
  const drawn = () =>
    [...document.querySelectorAll(".reveal .gmm-em-figure")].every((f) => f.getAttribute("data-rendered") === "true");
  const begun = Date.now();
  const start = () =>
    Reveal.initialize({
      width: 1024,
      height: 768,
      margin: 0.04,
      center: true,
      hash: true,
      controls: true,
      progress: true,
      slideNumber: "c/t",
      transition: "fade",
      transitionSpeed: "fast",
      plugins: [RevealNotes],
    }).then(() => root.classList.remove("gmm-em-drawing"));
  // a figure that cannot draw keeps its still image: the slides start regardless after 20 s
  const wait = () => (drawn() || Date.now() - begun > 20_000 ? start() : setTimeout(wait, 50));
  wait();
})();
