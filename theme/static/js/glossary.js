/* Glossary popovers for the links the glossary plugin puts in articles.

   Progressive enhancement. Without this script every a.glossary-link is a
   plain link to its entry page, and its popover (the element its
   aria-describedby names, id="gloss-{slug}") stays hidden but still serves as
   the link's accessible description.

   With it, a popover (WCAG 1.4.13 "Content on Hover or Focus"):
   - opens on mouse hover, on keyboard focus, and on the first tap on a touch
     screen (the tap does not navigate; a second tap, or the popover's own
     link, goes to the entry page);
   - is hoverable: it stays open while the pointer moves from the link onto it;
   - is persistent: it stays until the pointer and focus have both left, or
   - is dismissed: Escape (focus stays on the link) or a tap elsewhere.

   Placement: below the link (above it when there is no room below), its edge
   aligned with the link's start edge in the link's own direction (the right
   edge in Urdu), then kept inside the viewport. The result is written as
   logical insets, resolved in the popover's own direction. */
(function () {
  "use strict";

  var MARGIN = 8; // px kept free between a popover and the viewport's edges
  var GAP = 4; // px between the link and its popover
  var CLOSE_DELAY = 300; // ms to cross from the link to the popover
  // Nastaliq link boxes are taller than the line (2.5 em of ascent and
  // descent on 2.3 em leading), so the way from a link down to its popover
  // crosses the next line's links: one of them takes over an open popover
  // only when the pointer rests on it, not when it passes over it.
  var SWITCH_DELAY = 300;
  var switchTimer;

  var open = null; // {link, popover}
  var hovered = false;
  var focused = false;
  var closeTimer = 0;
  var tapStartedOpen = false;
  var lastPointer = "";
  var refocusing = null;

  function glossaryLink(node) {
    return node && node.closest ? node.closest("a.glossary-link") : null;
  }

  function popoverOf(link) {
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/);
    for (var i = 0; i < ids.length; i++) {
      if (ids[i].indexOf("gloss-") === 0) {
        var el = document.getElementById(ids[i]);
        if (el && el.classList.contains("glossary-popover")) return el;
      }
    }
    return null;
  }

  function inside(node) {
    return Boolean(open && node && (open.link.contains(node) || open.popover.contains(node)));
  }

  // The line box of a name that wraps which the pointer is on (the first
  // one for keyboard focus): the popover opens by the words being read.
  function fragmentOf(link, pointerY) {
    var rects = link.getClientRects();
    for (var i = 0; pointerY !== undefined && i < rects.length; i++) {
      if (pointerY >= rects[i].top && pointerY <= rects[i].bottom) return rects[i];
    }
    return rects[0] || link.getBoundingClientRect();
  }

  function place(link, popover, pointerY) {
    var box = popover.offsetParent || document.documentElement;
    var outer = box.getBoundingClientRect();
    var fragment = fragmentOf(link, pointerY);
    var viewWidth = document.documentElement.clientWidth;
    var viewHeight = document.documentElement.clientHeight;
    var width = popover.offsetWidth;
    var height = popover.offsetHeight;

    var linkRtl = getComputedStyle(link).direction === "rtl";
    var left = linkRtl ? fragment.right - width : fragment.left;
    left = Math.max(MARGIN, Math.min(left, viewWidth - MARGIN - width));

    var top = fragment.bottom + GAP;
    if (top + height > viewHeight - MARGIN && fragment.top - GAP - height >= MARGIN) {
      top = fragment.top - GAP - height;
    }

    // Insets are measured from the containing block's padding box, and
    // inset-inline-start is its left or right side in the popover's direction.
    var paddingLeft = outer.left + box.clientLeft;
    var start =
      getComputedStyle(popover).direction === "rtl"
        ? paddingLeft + box.clientWidth - (left + width)
        : left - paddingLeft;
    popover.style.insetInlineStart = Math.round(start) + "px";
    popover.style.insetBlockStart = Math.round(top - outer.top - box.clientTop) + "px";
  }

  function show(link, pointerY) {
    clearTimeout(closeTimer);
    if (open && open.link === link) return;
    var popover = popoverOf(link);
    if (!popover) return;
    hide();
    popover.hidden = false;
    open = { link: link, popover: popover };
    place(link, popover, pointerY);
  }

  function hide() {
    clearTimeout(closeTimer);
    if (!open) return;
    open.popover.hidden = true;
    open = null;
    hovered = false;
    focused = false;
  }

  function hideLater() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(function () {
      if (!hovered && !focused) hide();
    }, CLOSE_DELAY);
  }

  // Hover (mouse and pen; touch is handled as a tap).
  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    var link = glossaryLink(event.target);
    clearTimeout(switchTimer);
    var y = event.clientY;
    if (link && open && open.link !== link) {
      switchTimer = setTimeout(function () {
        show(link, y);
        hovered = true;
      }, SWITCH_DELAY);
    } else if (link) {
      show(link, y);
      hovered = true;
    } else if (inside(event.target)) {
      hovered = true;
      clearTimeout(closeTimer);
    }
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch" || !open) return;
    if (glossaryLink(event.target) && !inside(event.target)) clearTimeout(switchTimer);
    if (inside(event.target) && !inside(event.relatedTarget)) {
      hovered = false;
      if (!focused) hideLater();
    }
  });

  // Keyboard focus.
  document.addEventListener("focusin", function (event) {
    var link = glossaryLink(event.target);
    if (link && link === refocusing) {
      refocusing = null;
      return; // focus returned after Escape: stay closed
    }
    if (link) {
      show(link);
      focused = true;
    } else if (inside(event.target)) {
      focused = true;
    }
  });

  document.addEventListener("focusout", function (event) {
    if (!open || !inside(event.target) || inside(event.relatedTarget)) return;
    focused = false;
    if (!hovered) hide();
  });

  // Touch: the first tap on a link opens its popover instead of navigating.
  document.addEventListener(
    "pointerdown",
    function (event) {
      lastPointer = event.pointerType;
      var link = glossaryLink(event.target);
      tapStartedOpen = Boolean(link && open && open.link === link);
      if (open && !inside(event.target)) hide();
    },
    true
  );

  document.addEventListener("click", function (event) {
    var tap = lastPointer === "touch" && event.detail > 0; // detail 0: keyboard
    lastPointer = "";
    var link = glossaryLink(event.target);
    if (!link || !tap || tapStartedOpen || !popoverOf(link)) return;
    event.preventDefault();
    show(link, event.clientY);
    focused = document.activeElement === link;
  });

  // Escape dismisses; focus stays on (or returns to) the link.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !open) return;
    var link = open.link;
    var focusInPopover = open.popover.contains(document.activeElement);
    hide();
    if (focusInPopover) {
      refocusing = link;
      link.focus();
    }
  });

  window.addEventListener("resize", function () {
    if (open) place(open.link, open.popover);
  });
})();
