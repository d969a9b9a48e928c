// @vitest-environment happy-dom
/**
 * An extension page that finds the store empty (deleted while the browser runs, under a background
 * stopped at the time) asks the background to fill it, once for each time it finds it so.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendFromPage } from '@/lib/messaging/client';
import { useFillWhenEmpty } from '@/lib/popup/use-fill-when-empty';
import { PopupApp } from '@/components/popup/PopupApp';
import { mount, rerender, unmount } from './helpers/mount';

vi.mock('@/lib/messaging/client', async (importOriginal) => ({ ...(await importOriginal<object>()), sendFromPage: vi.fn(async () => null) }));

afterEach(() => {
  unmount();
  vi.mocked(sendFromPage).mockClear();
});

function Page({ hasSnapshot }: { hasSnapshot: boolean | null }) {
  useFillWhenEmpty(hasSnapshot);
  return null;
}

describe('useFillWhenEmpty', () => {
  it('wakes the background when the store is found empty, not while that is unknown nor once it holds a snapshot', () => {
    mount(<Page hasSnapshot={null} />);
    rerender(<Page hasSnapshot={true} />);
    expect(sendFromPage).not.toHaveBeenCalled();
    rerender(<Page hasSnapshot={false} />);
    expect(vi.mocked(sendFromPage).mock.calls).toEqual([['wake', {}]]);
  });

  it('asks once while the store stays empty, and again when it is found empty anew', () => {
    mount(<Page hasSnapshot={false} />);
    rerender(<Page hasSnapshot={false} />);
    expect(sendFromPage).toHaveBeenCalledOnce();
    rerender(<Page hasSnapshot={true} />);
    rerender(<Page hasSnapshot={false} />);
    expect(sendFromPage).toHaveBeenCalledTimes(2);
  });

  it('says nothing of a background it could not reach: the views say the snapshot is being loaded', async () => {
    vi.mocked(sendFromPage).mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    const root = mount(<Page hasSnapshot={false} />);
    await vi.waitFor(() => expect(sendFromPage).toHaveBeenCalledOnce());
    expect(root.textContent).toBe('');
  });
});

describe('the popup over an empty store', () => {
  it('wakes the background to fill it', async () => {
    mount(<PopupApp initialRoute={{ view: 'snapshot' }} />);
    await vi.waitFor(() => expect(sendFromPage).toHaveBeenCalledWith('wake', {}));
  });
});
