// The few browser APIs the portal needs beyond MudBlazor.
window.smsPortal = {
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  },
  scrollTo: (id) => document.getElementById(id)?.scrollIntoView({ block: 'center' }),
  timeZone: () => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; } },
  focus: (selector) => document.querySelector(selector)?.focus(),
  // The inbox's single-key shortcuts: ignored while typing in a field or with a modifier held.
  listenKeys: (target, keys) => {
    window.smsPortal.stopKeys();
    const handler = (e) => {
      const el = e.target;
      const typing = el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
      if (e.ctrlKey || e.metaKey || e.altKey || (typing && e.key !== 'Escape') || !keys.includes(e.key)) return;
      e.preventDefault();
      target.invokeMethodAsync('KeyAsync', e.key);
    };
    document.addEventListener('keydown', handler);
    window.smsPortal._keys = handler;
  },
  stopKeys: () => {
    if (window.smsPortal._keys) document.removeEventListener('keydown', window.smsPortal._keys);
    window.smsPortal._keys = null;
  }
};
