/**
 * The URL Bitrix24 should open for the company tab: this page, without query
 * or hash. A static upload opens install.html to install (Bitrix24's static
 * local apps); the tab itself belongs on index.html next to it.
 */
export function handlerUrl(location: Pick<Location, 'origin' | 'pathname'>): string {
  return location.origin + location.pathname.replace(/install\.html$/i, 'index.html')
}
