import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client';
import { m } from '../messages';
import { errorText } from './states';

const closeButtonProps = { 'aria-label': m.common.close };

export const notifySuccess = (message: string): void => {
  notifications.show({ color: 'teal', message, autoClose: 3000, closeButtonProps });
};
export const notifyError = (error: unknown): void => {
  notifications.show({ color: 'red', message: errorText(error), autoClose: 6000, closeButtonProps });
};

/**
 * A form's mutation error: the API's field errors under their fields (`fieldOf` maps an API
 * field to the form's when they differ), and the message.
 */
export const formErrorHandler =
  (form: { setErrors: (errors: Record<string, string>) => void }, fieldOf: (apiField: string) => string = (f) => f) =>
  (error: unknown): void => {
    if (error instanceof ApiError) form.setErrors(Object.fromEntries(error.errors.map((e) => [fieldOf(e.field), e.message])));
    notifyError(error);
  };
