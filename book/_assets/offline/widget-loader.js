// Loaded after require.js and before the widget manager (embed-amd.js). Makes the
// manager find anywidget, and its own icon fonts, in this site's static folder; the
// manager's fallback "CDN" is pointed here too, so a missing module fails locally
// instead of reaching another host.
(function () {
  var script = document.currentScript;
  var here = script.src.replace(/[?#].*$/, "").replace(/[^/]*$/, ""); // .../_static/offline/
  var manager = here + "jupyter-widgets";
  window.requirejs.config({
    paths: {
      anywidget: here + "anywidget/index",
      // Each bundle in embed-amd.js derives its font URLs from its module id.
      "@jupyter-widgets/html-manager": manager + "/html-manager",
      "@jupyter-widgets/html-manager/dist": manager,
    },
  });
  script.setAttribute("data-jupyter-widgets-cdn", here + "npm/");

  // ipywidgets 8 typesets labels with the MathJax 2 API (MathJax.Hub.Queue); the site
  // runs MathJax 3, so route those calls to MathJax 3's typesetPromise.
  document.addEventListener("DOMContentLoaded", function () {
    var mathjax = window.MathJax;
    if (mathjax && !mathjax.Hub) {
      mathjax.Hub = {
        Queue: function (job) {
          var element = Array.isArray(job) ? job[2] : null;
          if (element && mathjax.startup && mathjax.startup.promise) {
            mathjax.startup.promise.then(function () { return mathjax.typesetPromise([element]); });
          }
        },
      };
    }
  });
})();
