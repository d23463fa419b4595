// The one place that decides which Chromium the browser tests and the benchmark drive, and which fonts it
// sees. Debian's /usr/bin/chromium when it is installed; otherwise the Chromium that ships inside the
// @sparticuz/chromium npm package, unpacked once into node_modules/.cache. Either way a generated
// fontconfig file adds Noto Sans SC from the @expo-google-fonts/noto-sans-sc package, so Chinese renders
// as glyphs on a machine with no CJK font installed. Nothing is downloaded: both come from `npm ci`.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { runOnce } from './run-once.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const NPM_CHROMIUM_PACKAGE = join(ROOT, 'node_modules', '@sparticuz', 'chromium');
const CJK_FONT_DIRS = ['400Regular', '700Bold'].map((weight) =>
  join(ROOT, 'node_modules', '@expo-google-fonts', 'noto-sans-sc', weight),
);
const CACHE = join(ROOT, 'node_modules', '.cache', 'duty-map-browser');

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserChoice {
  /** 'system': Debian's chromium; 'npm': the one inside @sparticuz/chromium. */
  source: 'system' | 'npm';
  executablePath: string;
  args: string[];
  /** Added to the browser's environment: the fontconfig file, and for the npm build its own NSS libraries. */
  env: Record<string, string>;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Unpacks the npm Chromium (binary, its fonts, SwiftShader, and the NSS libraries it links against) into
 * the cache, with the package's own code run in a child whose TMPDIR is the cache folder. The package
 * unpacks the NSS libraries only where it believes it runs on Amazon Linux 2023 (AWS_LAMBDA_JS_RUNTIME);
 * they suit any glibc Linux, and a machine without Debian's chromium usually has no libnss3.
 */
function unpackNpmChromium(): { executablePath: string; libDir: string; fontDir: string } {
  const version = (
    JSON.parse(readFileSync(join(NPM_CHROMIUM_PACKAGE, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const dir = join(CACHE, `chromium-${version}`);
  const executablePath = join(dir, 'chromium');
  const libDir = join(dir, 'al2023', 'lib');
  const complete = join(dir, '.complete');
  runOnce({
    lock: join(CACHE, `chromium-${version}.lock`),
    done: () => existsSync(complete),
    make: () => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const result = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const { default: c } = await import('@sparticuz/chromium'); console.log(await c.executablePath());",
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, TMPDIR: dir, AWS_LAMBDA_JS_RUNTIME: 'nodejs20.x' },
          timeout: 120_000,
        },
      );
      if (result.status !== 0 || !isExecutable(executablePath) || !existsSync(join(libDir, 'libnss3.so')))
        throw new Error(`cannot unpack @sparticuz/chromium into ${dir}:\n${result.stdout}\n${result.stderr}`);
      writeFileSync(complete, `${version}\n`);
    },
  });
  return { executablePath, libDir, fontDir: join(dir, 'fonts', 'fonts') };
}

/** A fontconfig file: the system's configuration when there is one, plus Noto Sans SC (and extra dirs). */
function fontconfigFile(extraDirs: string[]): string {
  for (const dir of CJK_FONT_DIRS) {
    if (!existsSync(dir)) throw new Error(`no CJK font at ${dir}: run npm ci`);
  }
  const file = join(CACHE, `fonts-${extraDirs.length > 0 ? 'npm' : 'system'}.conf`);
  const xml = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
    '<fontconfig>',
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    ...[...CJK_FONT_DIRS, ...extraDirs].map((dir) => `  <dir>${dir}</dir>`),
    `  <cachedir>${join(CACHE, 'fontconfig-cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  runOnce({
    lock: `${file}.lock`,
    done: () => existsSync(file) && readFileSync(file, 'utf8') === xml,
    make: () => writeFileSync(file, xml),
  });
  return file;
}

let chosen: BrowserChoice | undefined;

/** Debian's chromium when installed, else the npm one; decided once per process. */
export function chooseBrowser(): BrowserChoice {
  if (chosen) return chosen;
  if (isExecutable(SYSTEM_CHROMIUM)) {
    chosen = {
      source: 'system',
      executablePath: SYSTEM_CHROMIUM,
      args: COMMON_ARGS,
      env: { FONTCONFIG_FILE: fontconfigFile([]) },
    };
  } else {
    const npm = unpackNpmChromium();
    chosen = {
      source: 'npm',
      executablePath: npm.executablePath,
      // The package's build runs as root in a container without a zygote.
      args: [...COMMON_ARGS, '--no-zygote'],
      env: {
        FONTCONFIG_FILE: fontconfigFile([npm.fontDir]),
        LD_LIBRARY_PATH: [npm.libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      },
    };
  }
  return chosen;
}

/** Launches the chosen Chromium headless through playwright-core. */
export function launchBrowser(): Promise<Browser> {
  const browser = chooseBrowser();
  return chromium.launch({
    executablePath: browser.executablePath,
    headless: true,
    args: browser.args,
    env: { ...process.env, ...browser.env },
  });
}
