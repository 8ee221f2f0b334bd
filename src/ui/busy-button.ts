/**
 * `:b24ui` for a kit button in its loading state that says what it is doing
 * ("Clearing…", with its spinner) instead of turning pale: the kit draws a
 * loading button disabled (30 % opacity) with the spinner over a hidden
 * label; with these the spinner sits before the label, both in full colour,
 * and the button still takes no click.
 */
export const BUSY_BUTTON_UI = {
  base: 'disabled:opacity-100 disabled:cursor-progress',
  baseLoading: 'static inset-auto h-auto w-auto ps-(--ui-btn-padding-left)',
  baseLine: 'visible! ps-(--ui-btn-icon-space)',
}
