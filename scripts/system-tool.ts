/**
 * Finding a program the tests need from the system (Chromium, nginx), and
 * installing Debian's package for it when that is possible: the project's own
 * scripts must bring what they need onto a fresh machine.
 */
import { execFileSync } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'

export interface SystemTool {
  /** what it is, for messages: "Chromium" */
  label: string
  /** environment variable that names the executable, e.g. CHROMIUM_PATH */
  envVar: string
  /** absolute paths to try first */
  candidates: readonly string[]
  /** names to look up on PATH */
  names: readonly string[]
  /** Debian packages to try in order, e.g. ['nginx-light', 'nginx'] */
  packages: readonly string[]
  /** why the project needs it: "the browser tests" */
  neededBy: string
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(name: string): string | null {
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
    return found && isExecutable(found) ? found : null
  } catch {
    return null
  }
}

/** The tool's executable: the environment variable, else a known path, else PATH; null when none. */
export function findTool(tool: SystemTool): string | null {
  const fromEnv = process.env[tool.envVar]
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${tool.envVar} is set to ${fromEnv}, which is not an executable file.`)
    return fromEnv
  }
  const known = tool.candidates.find(isExecutable)
  if (known) return known
  for (const name of tool.names) {
    const found = onPath(name)
    if (found) return found
  }
  return null
}

/** Find the tool, installing Debian's package when that is possible (root on Debian/Ubuntu); throw a clear message otherwise. */
export function ensureTool(tool: SystemTool, log: (line: string) => void = console.log): string {
  const found = findTool(tool)
  if (found) return found
  const isDebian = existsSync('/etc/debian_version')
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isDebian && isRoot) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    log(`No ${tool.label} found: installing Debian's "${tool.packages[0]}" package for ${tool.neededBy} (apt-get install -y ${tool.packages[0]})…`)
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    for (const [i, pkg] of tool.packages.entries()) {
      try {
        execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env })
        break
      } catch (error) {
        const next = tool.packages[i + 1]
        if (!next) throw error
        log(`"${pkg}" is not installable here: installing "${next}" instead…`)
      }
    }
    const installed = findTool(tool)
    if (installed) return installed
  }
  throw new Error(
    `${tool.neededBy[0]!.toUpperCase()}${tool.neededBy.slice(1)} need ${tool.label}, and none was found.\n`
    + `  Install it (Debian/Ubuntu: sudo apt-get install ${tool.packages.join(' or ')}) or point ${tool.envVar} at its executable,\n`
    + `  e.g. ${tool.envVar}=${tool.candidates[0]} npm test`,
  )
}
