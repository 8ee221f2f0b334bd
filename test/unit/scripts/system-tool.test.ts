import { afterEach, describe, expect, it } from 'vitest'
import { findTool, type SystemTool } from '../../../scripts/system-tool'

const tool: SystemTool = {
  label: 'Example', envVar: 'EXAMPLE_TOOL_PATH', candidates: ['/nonexistent/example-tool'],
  names: ['example-tool-that-is-not-installed'], packages: ['example'], neededBy: 'the tests',
}

afterEach(() => {
  delete process.env.EXAMPLE_TOOL_PATH
})

describe('findTool', () => {
  it('prefers the environment variable, and refuses one that names no executable', () => {
    process.env.EXAMPLE_TOOL_PATH = process.execPath
    expect(findTool(tool)).toBe(process.execPath)
    process.env.EXAMPLE_TOOL_PATH = '/nonexistent/elsewhere'
    expect(() => findTool(tool)).toThrow(/EXAMPLE_TOOL_PATH is set to \/nonexistent\/elsewhere/)
  })

  it('looks at known paths, then PATH, and answers null when there is none', () => {
    expect(findTool(tool)).toBeNull()
    expect(findTool({ ...tool, candidates: [process.execPath] })).toBe(process.execPath)
    expect(findTool({ ...tool, names: ['sh'] })).toMatch(/\/sh$/)
  })
})
