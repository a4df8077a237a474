// Draw every chart, then show one view at a time: the summary, or the report the URL names.
(function () {
  var specs = JSON.parse(document.getElementById("chart-specs").textContent);
  Object.keys(specs).forEach(function (name) {
    var box = document.getElementById("chart-" + name);
    if (!box) { return; }
    vegaEmbed(box, specs[name], { renderer: "svg", actions: false }).catch(function (error) {
      box.dataset.failed = "true";
      box.textContent = "The chart could not be drawn: " + error;
    });
  });
  function showView() {
    var target = document.getElementById(location.hash.slice(1));
    var view = target ? target.closest(".view") : null;
    document.querySelectorAll(".view").forEach(function (section) {
      section.hidden = view ? section !== view : section.id !== "summary";
    });
    if (view && target === view) { window.scrollTo(0, 0); }
  }
  window.addEventListener("hashchange", showView);
  showView();
}());
