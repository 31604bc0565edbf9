/** Synthetic but realistic benchmark inputs (no network: nothing is downloaded). */

/** About 10,000 lines of Python in classes and functions, with imports and some findings. */
export function tenThousandLinePython(): string {
  const header = ['"""A large module, as found in real projects."""', 'import os', 'import json', 'import subprocess', 'import requests', 'import torch', 'from pathlib import Path', '', ''];
  const parts = [header.join('\n')];
  let lines = header.length;
  for (let cls = 0; lines < 10_000; cls++) {
    const body = [`class Service${cls}:`, `    """Service number ${cls}."""`, '', '    def __init__(self, base_url, token=None):', '        self.base_url = base_url', '        self.token = token', '        self.cache = {}', ''];
    for (let m = 0; m < 12; m++) {
      body.push(
        `    def method_${m}(self, item, retries=3):`,
        `        """Fetch item ${m} and keep it."""`,
        `        url = f"{self.base_url}/items/{item}/${m}"`,
        '        for attempt in range(retries):',
        '            try:',
        `                response = requests.get(url, timeout=${m + 1})`,
        '                response.raise_for_status()',
        '                break',
        '            except requests.RequestException as error:',
        '                if attempt == retries - 1:',
        '                    raise RuntimeError(str(error)) from error',
        `        data = json.loads(response.text)`,
        `        self.cache[item] = {key: value for key, value in data.items() if key != "secret"}`,
        m % 6 === 0 ? '        model = torch.load(Path("weights.pt"))' : '        model = None',
        '        return data, model',
        '',
      );
    }
    parts.push(body.join('\n'));
    lines += body.length;
  }
  return `${parts.join('\n')}\n`;
}
