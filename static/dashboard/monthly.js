// 月度考核通报: the 打印 button (a file, not an inline handler: the CSP forbids those).
document.getElementById("monthly-print")?.addEventListener("click", () => window.print());
