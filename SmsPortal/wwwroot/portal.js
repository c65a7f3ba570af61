// The few browser APIs the portal needs beyond MudBlazor.
window.smsPortal = {
  copy: async (text) => {
    try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
  }
};
