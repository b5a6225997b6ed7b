// Preloaded into CLI child processes by the hostile-input tests: writes the peak resident memory (KiB) on exit.
process.on('exit', () => {
  if (process.env.REPORT_RSS_FILE) require('fs').writeFileSync(process.env.REPORT_RSS_FILE, String(process.resourceUsage().maxRSS));
});
