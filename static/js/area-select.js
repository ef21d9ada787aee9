/* Narrow an area list to the areas of the chosen district.
 *
 * Without JavaScript the list shows every area, grouped by district (<optgroup>), and the server refuses an
 * area outside the chosen district with a form error. A select opts in with data-district-select="<id of the
 * district select>"; a group belongs to the district whose option text equals the group's label.
 */
(function () {
  "use strict";

  function narrow(areaSelect, districtSelect, groups) {
    var option = districtSelect.options[districtSelect.selectedIndex];
    var chosen = option && option.value ? option.text : "";
    var selected = areaSelect.options[areaSelect.selectedIndex];
    groups.forEach(function (group) {
      if (group.parentNode) {
        group.parentNode.removeChild(group);
      }
    });
    groups.forEach(function (group) {
      if (!chosen || group.label === chosen) {
        areaSelect.appendChild(group);
      }
    });
    if (selected && selected.parentNode && selected.parentNode.parentNode !== areaSelect) {
      areaSelect.value = "";
    }
  }

  document.querySelectorAll("select[data-district-select]").forEach(function (areaSelect) {
    var districtSelect = document.getElementById(areaSelect.getAttribute("data-district-select"));
    if (!districtSelect) {
      return;
    }
    var groups = Array.prototype.slice.call(areaSelect.querySelectorAll("optgroup"));
    districtSelect.addEventListener("change", function () {
      narrow(areaSelect, districtSelect, groups);
    });
    narrow(areaSelect, districtSelect, groups);
  });
})();
