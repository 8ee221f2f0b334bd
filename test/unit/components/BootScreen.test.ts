// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import BootScreen from '@/components/BootScreen.vue'
import { AppErrorCode, B24Error } from '@/b24/errors'
import { mountWithApp } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => wrapper?.unmount())

describe('BootScreen', () => {
  it('tells a person outside a portal where to open the app, as an alert', async () => {
    wrapper = mountWithApp(BootScreen, { props: { status: 'failed', error: new B24Error(AppErrorCode.NOT_IN_PORTAL) } })
    await flushPromises()
    const alert = wrapper.find('[role="alert"]')
    expect(alert.exists()).toBe(true)
    expect(alert.text()).toContain('Open this app from Bitrix24')
    expect(alert.text()).toContain('company card')
  })

  it('says the portal is not answering, in German, with a reload action', async () => {
    wrapper = mountWithApp(BootScreen, { locale: 'de', props: { status: 'failed', error: new B24Error(AppErrorCode.FRAME_TIMEOUT) } })
    await flushPromises()
    const alert = wrapper.find('[role="alert"]')
    expect(alert.text()).toContain('Bitrix24 antwortet nicht')
    expect(alert.text()).toContain('7 Sekunden')
    expect(wrapper.findAll('button').map((b) => b.text())).toContain('Neu laden')
  })

  it('shows a status while connecting', async () => {
    wrapper = mountWithApp(BootScreen, { props: { status: 'connecting', error: null } })
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toContain('Connecting to Bitrix24')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
